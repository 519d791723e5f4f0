package modelgate.rules.jurisdiction.flag_denied_origin_model_test

import data.modelgate.main
import data.modelgate.rules.jurisdiction.flag_denied_origin_model as rule
import data.modelgate.test.fixtures as fx

origin_doc := fx.with_fields(
	fx.doc(fx.unregulated, [fx.capped_route("r", "api.together.xyz", "deepseek-ai/DeepSeek-V4-Pro")]),
	{"servers": [fx.server("vllm", {"ref": "Qwen/Qwen3-8B"})]},
)

test_fail_route_and_server_origin if {
	findings := rule.findings with input as origin_doc
	count(findings) == 2
	every f in findings {
		f.ruleId == "flag-denied-origin-model"
	}
}

test_pass_disabled_by_default if {
	ids := fx.rule_ids(main.findings) with input as origin_doc
	not "flag-denied-origin-model" in ids
}

test_fail_enabled_by_policy if {
	ids := fx.rule_ids(main.findings) with input as origin_doc with data.modelgate.policy.disabledRules as []
	"flag-denied-origin-model" in ids
}

test_pass_western_origin if count(rule.findings) == 0 with input as fx.doc(fx.unregulated, [fx.capped_route("r", "api.openai.com", "gpt-5.5")])
