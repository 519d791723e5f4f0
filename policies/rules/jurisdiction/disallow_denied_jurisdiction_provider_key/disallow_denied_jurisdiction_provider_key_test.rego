package modelgate.rules.jurisdiction.disallow_denied_jurisdiction_provider_key_test

import data.modelgate.rules.jurisdiction.disallow_denied_jurisdiction_provider_key as rule
import data.modelgate.test.fixtures as fx

key_route(variable, fields) := fx.route("r", object.union({"provider": {"sdkPrefix": null, "keyVar": variable, "type": null}}, fields))

test_fail_key_without_base_url if {
	some f in rule.findings with input as fx.doc(fx.regulated, [key_route("DEEPSEEK_API_KEY", {})])
	f.ruleId == "disallow-denied-jurisdiction-provider-key"
	contains(f.message, "DEEPSEEK_API_KEY")
}

test_fail_other_chinese_keys if {
	every variable in ["DASHSCOPE_API_KEY", "MOONSHOT_API_KEY", "ZAI_API_KEY", "ARK_API_KEY", "SILICONFLOW_API_KEY"] {
		count(rule.findings) == 1 with input as fx.doc(fx.regulated, [key_route(variable, {})])
	}
}

test_pass_key_with_base_url_elsewhere if {
	route := key_route("DEEPSEEK_API_KEY", {"endpoint": fx.endpoint_of_kind("sglang.ml", "cluster")})
	count(rule.findings) == 0 with input as fx.doc(fx.regulated, [route])
}

test_pass_prefix_takes_precedence if {
	route := key_route("DEEPSEEK_API_KEY", {"provider": {"sdkPrefix": "openai", "keyVar": "DEEPSEEK_API_KEY", "type": "openai"}})
	count(rule.findings) == 0 with input as fx.doc(fx.regulated, [route])
}

test_pass_western_key if count(rule.findings) == 0 with input as fx.doc(fx.regulated, [key_route("OPENAI_API_KEY", {})])
