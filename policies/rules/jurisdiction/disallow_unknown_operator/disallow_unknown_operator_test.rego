package modelgate.rules.jurisdiction.disallow_unknown_operator_test

import data.modelgate.rules.jurisdiction.disallow_unknown_operator as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "disallow-unknown-operator", "category": "jurisdiction", "severity": "high"}

findings_for(endpoint) := result if {
	result := rule.findings with input as fx.doc(fx.regulated, [fx.route("r", {"endpoint": endpoint})])
}

test_fail_unknown_host if {
	fx.decided(findings_for(fx.endpoint("llm-relay.example.net"))) == {fx.finding(rule_meta, "r", "route r reaches llm-relay.example.net, whose operator is not in the provider catalogue")}
}

test_fail_lookalike if {
	findings := findings_for(object.union(fx.endpoint("api.xn--dpseek-3ofa.com"), {"lookalikeOf": "api.deepseek.com"}))
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r reaches api.xn--dpseek-3ofa.com, whose operator is not in the provider catalogue (it imitates api.deepseek.com)")}
}

test_fail_public_ip_literal if {
	fx.decided(findings_for(fx.endpoint_of_kind("203.0.113.7", "ipv4"))) == {fx.finding(rule_meta, "r", "route r reaches 203.0.113.7, whose operator is not in the provider catalogue")}
}

test_pass_private_ip_literal if findings_for(fx.endpoint_of_kind("10.1.2.3", "ipv4")) == set()

test_pass_ipv6_loopback if findings_for(fx.endpoint_of_kind("[::1]", "ipv6")) == set()

test_pass_internal_domain if {
	findings_for(fx.endpoint("llm.corp.example")) == set() with data.modelgate.policy.internalDomains as ["corp.example"]
	findings_for(fx.endpoint("corp.example")) == set() with data.modelgate.policy.internalDomains as ["corp.example"]
}

test_pass_known_operator if findings_for(fx.endpoint("api.anthropic.com")) == set()

test_pass_unregulated if rule.findings == set() with input as fx.doc(fx.unregulated, [fx.route("r", {"endpoint": fx.endpoint("llm-relay.example.net")})])

test_fail_in_cluster_relay if {
	route := fx.route("r", {
		"endpoint": fx.endpoint_of_kind("new-api.gateway.svc.cluster.local", "cluster"),
		"relay": {"name": "new-api Deployment gateway/new-api", "reason": "its upstream channels are configured in its database"},
	})
	findings := rule.findings with input as fx.doc(fx.regulated, [route])
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r reaches new-api Deployment gateway/new-api, which relays prompts to an operator the scan cannot see: its upstream channels are configured in its database")}
}
