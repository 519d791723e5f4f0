package modelgate.rules.jurisdiction.disallow_denied_jurisdiction_provider_prefix_test

import data.modelgate.rules.jurisdiction.disallow_denied_jurisdiction_provider_prefix as rule
import data.modelgate.test.fixtures as fx

prefix_route(prefix, fields) := fx.route("r", object.union({"provider": {"sdkPrefix": prefix, "keyVar": null, "type": null}}, fields))

test_fail_prefix_without_endpoint if {
	some f in rule.findings with input as fx.doc(fx.regulated, [prefix_route("deepseek", {})])
	f.ruleId == "disallow-denied-jurisdiction-provider-prefix"
	contains(f.message, "\"deepseek/\"")
}

test_fail_each_chinese_prefix if {
	every prefix in ["moonshot", "dashscope", "volcengine", "zai", "minimax", "xiaomi_mimo"] {
		count(rule.findings) == 1 with input as fx.doc(fx.regulated, [prefix_route(prefix, {})])
	}
}

test_pass_prefix_with_explicit_endpoint if {
	route := prefix_route("deepseek", {"endpoint": fx.endpoint_of_kind("vllm", "cluster")})
	count(rule.findings) == 0 with input as fx.doc(fx.regulated, [route])
}

test_pass_prefix_with_unresolved_endpoint if {
	route := prefix_route("deepseek", {"unresolvedEndpoint": {"raw": "os.environ/X", "reason": "environment reference"}})
	count(rule.findings) == 0 with input as fx.doc(fx.regulated, [route])
}

test_pass_non_denied_prefix if count(rule.findings) == 0 with input as fx.doc(fx.regulated, [prefix_route("anthropic", {})])

test_pass_unregulated if count(rule.findings) == 0 with input as fx.doc(fx.unregulated, [prefix_route("deepseek", {})])
