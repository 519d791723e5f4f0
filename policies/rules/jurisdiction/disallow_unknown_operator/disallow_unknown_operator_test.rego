package modelgate.rules.jurisdiction.disallow_unknown_operator_test

import data.modelgate.rules.jurisdiction.disallow_unknown_operator as rule
import data.modelgate.test.fixtures as fx

findings_for(endpoint) := result if {
	result := rule.findings with input as fx.doc(fx.regulated, [fx.route("r", {"endpoint": endpoint})])
}

test_fail_unknown_host if {
	some f in findings_for(fx.endpoint("llm-relay.example.net"))
	f.ruleId == "disallow-unknown-operator"
	contains(f.message, "llm-relay.example.net")
}

test_fail_lookalike if {
	some f in findings_for(object.union(fx.endpoint("api.xn--dpseek-3ofa.com"), {"lookalikeOf": "api.deepseek.com"}))
	contains(f.message, "imitates api.deepseek.com")
}

test_fail_public_ip_literal if count(findings_for(fx.endpoint_of_kind("203.0.113.7", "ipv4"))) == 1

test_pass_private_ip_literal if count(findings_for(fx.endpoint_of_kind("10.1.2.3", "ipv4"))) == 0

test_pass_ipv6_loopback if count(findings_for(fx.endpoint_of_kind("[::1]", "ipv6"))) == 0

test_pass_internal_domain if {
	count(findings_for(fx.endpoint("llm.corp.example"))) == 0 with data.modelgate.policy.internalDomains as ["corp.example"]
	count(findings_for(fx.endpoint("corp.example"))) == 0 with data.modelgate.policy.internalDomains as ["corp.example"]
}

test_pass_known_operator if count(findings_for(fx.endpoint("api.anthropic.com"))) == 0

test_pass_unregulated if count(rule.findings) == 0 with input as fx.doc(fx.unregulated, [fx.route("r", {"endpoint": fx.endpoint("llm-relay.example.net")})])

test_fail_in_cluster_relay if {
	route := fx.route("r", {
		"endpoint": fx.endpoint_of_kind("new-api.gateway.svc.cluster.local", "cluster"),
		"relay": {"name": "new-api Deployment gateway/new-api", "reason": "its upstream channels are configured in its database"},
	})
	some f in rule.findings with input as fx.doc(fx.regulated, [route])
	contains(f.message, "new-api Deployment")
}
