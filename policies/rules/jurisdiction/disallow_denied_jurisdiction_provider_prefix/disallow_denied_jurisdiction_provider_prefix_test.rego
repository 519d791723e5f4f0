package modelgate.rules.jurisdiction.disallow_denied_jurisdiction_provider_prefix_test

import data.modelgate.rules.jurisdiction.disallow_denied_jurisdiction_provider_prefix as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "disallow-denied-jurisdiction-provider-prefix", "category": "jurisdiction", "severity": "critical"}

prefix_route(prefix, fields) := fx.route("r", object.union({"provider": {"sdkPrefix": prefix, "keyVar": null, "type": null}}, fields))

findings_for(classification, route) := result if {
	result := rule.findings with input as fx.doc(classification, [route])
}

test_fail_prefix_without_endpoint if {
	fx.decided(findings_for(fx.regulated, prefix_route("deepseek", {}))) == {fx.finding(rule_meta, "r", "route r uses provider prefix \"deepseek/\", which sends prompts to DeepSeek (CN), in a denied jurisdiction (CN) for this workload")}
}

test_fail_each_chinese_prefix if {
	every prefix, message in {
		"moonshot": "route r uses provider prefix \"moonshot/\", which sends prompts to Moonshot AI (international platform, Kimi) (CN, part of Moonshot AI (China platform)), in a denied jurisdiction (CN) for this workload",
		"dashscope": "route r uses provider prefix \"dashscope/\", which sends prompts to Alibaba Cloud (Model Studio / DashScope, ModelScope) (CN), in a denied jurisdiction (CN) for this workload",
		"volcengine": "route r uses provider prefix \"volcengine/\", which sends prompts to ByteDance (Volcengine Ark, Coze) (CN), in a denied jurisdiction (CN) for this workload",
		"zai": "route r uses provider prefix \"zai/\", which sends prompts to Z.ai (Zhipu international platform) (CN, part of Zhipu AI (China platform, BigModel)), in a denied jurisdiction (CN) for this workload",
		"minimax": "route r uses provider prefix \"minimax/\", which sends prompts to MiniMax (CN), in a denied jurisdiction (CN) for this workload",
		"xiaomi_mimo": "route r uses provider prefix \"xiaomi_mimo/\", which sends prompts to Xiaomi (MiMo) (CN), in a denied jurisdiction (CN) for this workload",
	} {
		fx.decided(findings_for(fx.regulated, prefix_route(prefix, {}))) == {fx.finding(rule_meta, "r", message)}
	}
}

test_pass_prefix_with_explicit_endpoint if {
	findings_for(fx.regulated, prefix_route("deepseek", {"endpoint": fx.endpoint_of_kind("vllm", "cluster")})) == set()
}

test_pass_prefix_with_unresolved_endpoint if {
	route := prefix_route("deepseek", {"unresolvedEndpoint": {"raw": "os.environ/X", "reason": "environment reference"}})
	findings_for(fx.regulated, route) == set()
}

test_pass_non_denied_prefix if findings_for(fx.regulated, prefix_route("anthropic", {})) == set()

test_pass_unregulated if findings_for(fx.unregulated, prefix_route("deepseek", {})) == set()
