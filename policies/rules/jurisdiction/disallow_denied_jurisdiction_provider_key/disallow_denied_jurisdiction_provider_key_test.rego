package modelgate.rules.jurisdiction.disallow_denied_jurisdiction_provider_key_test

import data.modelgate.rules.jurisdiction.disallow_denied_jurisdiction_provider_key as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "disallow-denied-jurisdiction-provider-key", "category": "jurisdiction", "severity": "critical"}

key_route(variable, fields) := fx.route("r", object.union({"provider": {"sdkPrefix": null, "keyVar": variable, "type": null}}, fields))

findings_for(route) := result if {
	result := rule.findings with input as fx.doc(fx.regulated, [route])
}

test_fail_key_without_base_url if {
	fx.decided(findings_for(key_route("DEEPSEEK_API_KEY", {}))) == {fx.finding(rule_meta, "r", "route r sets DEEPSEEK_API_KEY, which makes clients call DeepSeek (CN), in a denied jurisdiction (CN) for this workload")}
}

test_fail_other_chinese_keys if {
	every variable, message in {
		"DASHSCOPE_API_KEY": "route r sets DASHSCOPE_API_KEY, which makes clients call Alibaba Cloud (Model Studio / DashScope, ModelScope) (CN), in a denied jurisdiction (CN) for this workload",
		"MOONSHOT_API_KEY": "route r sets MOONSHOT_API_KEY, which makes clients call Moonshot AI (international platform, Kimi) (CN, part of Moonshot AI (China platform)), in a denied jurisdiction (CN) for this workload",
		"ZAI_API_KEY": "route r sets ZAI_API_KEY, which makes clients call Z.ai (Zhipu international platform) (CN, part of Zhipu AI (China platform, BigModel)), in a denied jurisdiction (CN) for this workload",
		"ARK_API_KEY": "route r sets ARK_API_KEY, which makes clients call ByteDance (Volcengine Ark, Coze) (CN), in a denied jurisdiction (CN) for this workload",
		"SILICONFLOW_API_KEY": "route r sets SILICONFLOW_API_KEY, which makes clients call SiliconFlow (CN), in a denied jurisdiction (CN) for this workload",
	} {
		fx.decided(findings_for(key_route(variable, {}))) == {fx.finding(rule_meta, "r", message)}
	}
}

test_pass_key_with_base_url_elsewhere if {
	findings_for(key_route("DEEPSEEK_API_KEY", {"endpoint": fx.endpoint_of_kind("sglang.ml", "cluster")})) == set()
}

test_pass_prefix_takes_precedence if {
	findings_for(key_route("DEEPSEEK_API_KEY", {"provider": {"sdkPrefix": "openai", "keyVar": "DEEPSEEK_API_KEY", "type": "openai"}})) == set()
}

test_pass_western_key if findings_for(key_route("OPENAI_API_KEY", {})) == set()

high_meta := object.union(rule_meta, {"severity": "high"})

test_fail_key_with_hidden_endpoint if {
	route := key_route("DEEPSEEK_API_KEY", {"unresolvedEndpoint": {"raw": "os.environ/CUSTOM_BASE", "reason": "LiteLLM environment reference os.environ/CUSTOM_BASE"}})
	fx.decided(findings_for(route)) == {fx.finding(high_meta, "r", "route r passes DEEPSEEK_API_KEY, the API key of DeepSeek (CN), to an endpoint the scan cannot name: the requests most likely go to DeepSeek, in a denied jurisdiction (CN) for this workload")}
}

test_fail_key_to_unknown_host if {
	route := key_route("DASHSCOPE_API_KEY", {"endpoint": fx.endpoint("llm-relay.example.net")})
	fx.decided(findings_for(route)) == {fx.finding(high_meta, "r", "route r passes DASHSCOPE_API_KEY, the API key of Alibaba Cloud (Model Studio / DashScope, ModelScope) (CN), to an endpoint the scan cannot name: the requests most likely go to Alibaba Cloud (Model Studio / DashScope, ModelScope), in a denied jurisdiction (CN) for this workload")}
}

test_fail_key_to_relay if {
	route := key_route("MINIMAX_API_KEY", {
		"endpoint": fx.endpoint_of_kind("new-api.llm", "cluster"),
		"relay": {"name": "new-api Deployment llm/new-api", "reason": "channels are configured at run time"},
	})
	fx.decided(findings_for(route)) == {fx.finding(high_meta, "r", "route r passes MINIMAX_API_KEY, the API key of MiniMax (CN), to an endpoint the scan cannot name: the requests most likely go to MiniMax, in a denied jurisdiction (CN) for this workload")}
}

test_pass_key_to_known_operator if {
	findings_for(key_route("DEEPSEEK_API_KEY", {"endpoint": fx.endpoint("api.together.xyz")})) == set()
}

test_pass_hidden_endpoint_western_key if {
	findings_for(key_route("OPENAI_API_KEY", {"unresolvedEndpoint": {"raw": "${X}", "reason": "env"}})) == set()
}

# qwen-plus is closed: disallow-denied-jurisdiction-closed-model ends the route at Alibaba on the same line.
test_pass_hidden_endpoint_of_a_closed_model_is_reported_once if {
	route := key_route("DASHSCOPE_API_KEY", {
		"unresolvedEndpoint": {"raw": "os.environ/DASHSCOPE_API_BASE", "reason": "LiteLLM environment reference"},
		"model": {"id": "qwen-plus", "raw": "dashscope/qwen-plus", "resolved": true},
	})
	findings_for(route) == set()
}
