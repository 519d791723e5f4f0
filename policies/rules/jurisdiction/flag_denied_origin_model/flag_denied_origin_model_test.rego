package modelgate.rules.jurisdiction.flag_denied_origin_model_test

import data.modelgate.main
import data.modelgate.rules.jurisdiction.flag_denied_origin_model as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "flag-denied-origin-model", "category": "jurisdiction", "severity": "low"}

origin_doc := fx.with_fields(
	fx.doc(fx.unregulated, [fx.capped_route("r", "api.together.xyz", "deepseek-ai/DeepSeek-V4-Pro")]),
	{"servers": [fx.server("vllm", {"ref": "Qwen/Qwen3-8B"})]},
)

origin_findings := {
	fx.finding(rule_meta, "r", "route r uses deepseek-ai/DeepSeek-V4-Pro, a model from DeepSeek (CN)"),
	fx.finding(rule_meta, "vllm", "vllm server vllm serves Qwen/Qwen3-8B, a model from Alibaba Cloud (Model Studio / DashScope, ModelScope) (CN)"),
}

test_fail_route_and_server_origin if {
	findings := rule.findings with input as origin_doc
	fx.decided(findings) == origin_findings
}

test_pass_disabled_by_default if {
	ids := fx.rule_ids(main.findings) with input as origin_doc
	not "flag-denied-origin-model" in ids
}

test_fail_enabled_by_policy if {
	findings := main.findings with input as origin_doc with data.modelgate.policy.disabledRules as []
	{f | some f in fx.decided(findings); f.ruleId == rule_meta.ruleId} == origin_findings
}

test_pass_western_origin if rule.findings == set() with input as fx.doc(fx.unregulated, [fx.capped_route("r", "api.openai.com", "gpt-5.5")])
