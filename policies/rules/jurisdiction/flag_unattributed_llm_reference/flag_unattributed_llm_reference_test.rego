package modelgate.rules.jurisdiction.flag_unattributed_llm_reference_test

import data.modelgate.rules.jurisdiction.flag_unattributed_llm_reference as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "flag-unattributed-llm-reference", "category": "jurisdiction", "severity": "critical"}

sighting(fields) := object.union(
	{
		"id": "sighting-1",
		"kind": "host",
		"seen": "api.deepseek.com",
		"host": "api.deepseek.com",
		"lookalikeOf": null,
		"prefix": null,
		"keyVar": null,
		"source": fx.source,
	},
	fields,
)

findings_for(classification, fields) := result if {
	result := rule.findings with input as fx.with_fields(fx.doc(classification, []), {"sightings": [sighting(fields)]})
}

graded(severity, message) := {object.union(fx.finding(rule_meta, "sighting-1", message), {"severity": severity})}

deepseek_host := "Deployment/prod/chat names host api.deepseek.com of DeepSeek (CN), and no route the scan recognised accounts for it"

test_fail_denied_operator_in_regulated_workload_is_critical if {
	fx.decided(findings_for(fx.regulated, {})) == graded("critical", deepseek_host)
}

test_fail_denied_operator_without_classification_is_critical_under_the_strict_default if {
	fx.decided(findings_for(null, {})) == graded("critical", deepseek_host)
}

test_fail_denied_operator_without_classification_or_default_is_high if {
	findings := findings_for(null, {}) with data.modelgate.policy.defaultClassification as null
	fx.decided(findings) == graded("high", deepseek_host)
}

test_fail_denied_operator_in_unregulated_workload_is_low if {
	fx.decided(findings_for(fx.unregulated, {})) == graded("low", deepseek_host)
}

test_fail_any_hosted_operator_with_sensitive_data_is_high if {
	fx.decided(findings_for(fx.confidential, {"seen": "api.openai.com", "host": "api.openai.com"})) == graded(
		"high",
		"Deployment/prod/chat names host api.openai.com of OpenAI (US), and no route the scan recognised accounts for it",
	)
}

test_fail_allowed_operator_in_regulated_workload_is_medium if {
	fx.decided(findings_for(fx.regulated, {"seen": "openrouter.ai", "host": "openrouter.ai"})) == graded(
		"medium",
		"Deployment/prod/chat names host openrouter.ai of OpenRouter (US), and no route the scan recognised accounts for it",
	)
}

test_fail_lookalike_counts_as_the_host_it_imitates if {
	fx.decided(findings_for(fx.regulated, {"seen": "api.deepsееk.com", "host": "api.deepsееk.com", "lookalikeOf": "api.deepseek.com"})) == graded(
		"critical",
		"Deployment/prod/chat names host api.deepsееk.com (it imitates api.deepseek.com) of DeepSeek (CN), and no route the scan recognised accounts for it",
	)
}

test_fail_sdk_prefix_and_key_variable if {
	fx.decided(findings_for(fx.regulated, {"kind": "sdk-prefix", "seen": "moonshot/kimi-k2", "host": null, "prefix": "moonshot"})) == graded(
		"critical",
		"Deployment/prod/chat names SDK provider prefix moonshot/kimi-k2 of Moonshot AI (international platform, Kimi) (CN, part of Moonshot AI (China platform)), and no route the scan recognised accounts for it",
	)
	fx.decided(findings_for(fx.regulated, {"kind": "key-variable", "seen": "DASHSCOPE_API_KEY", "host": null, "keyVar": "DASHSCOPE_API_KEY"})) == graded(
		"critical",
		"Deployment/prod/chat names provider key variable DASHSCOPE_API_KEY of Alibaba Cloud (Model Studio / DashScope, ModelScope) (CN), and no route the scan recognised accounts for it",
	)
}

test_pass_no_sightings if {
	result := rule.findings with input as fx.doc(fx.regulated, [])
	result == set()
}

test_pass_host_of_no_known_operator if {
	findings_for(fx.regulated, {"seen": "example.com", "host": "example.com"}) == set()
}

stored(kind, fields) := result if {
	doc := fx.doc(fx.regulated, [])

	# the fixture's resource name is kept, so findings compare with fx.finding; only the holder's kind changes
	workload := object.union(doc.workload, {"kind": kind})
	held := sighting(object.union({"kind": "key-variable", "host": null}, fields))
	result := rule.findings with input as fx.with_fields(doc, {"sightings": [held], "workload": workload})
}

test_fail_stored_key_of_allowed_operator_is_low if {
	fx.decided(stored("ExternalSecret", {"seen": "OPENAI_API_KEY", "keyVar": "OPENAI_API_KEY"})) == graded(
		"low",
		"Deployment/prod/chat names provider key variable OPENAI_API_KEY of OpenAI (US), and no route the scan recognised accounts for it",
	)
	fx.decided(stored("SopsFile", {"seen": "ANTHROPIC_API_KEY", "keyVar": "ANTHROPIC_API_KEY"})) == graded(
		"low",
		"Deployment/prod/chat names provider key variable ANTHROPIC_API_KEY of Anthropic (US), and no route the scan recognised accounts for it",
	)
	fx.decided(stored("Secret", {"seen": "ANTHROPIC_API_KEY", "keyVar": "ANTHROPIC_API_KEY"})) == graded(
		"low",
		"Deployment/prod/chat names provider key variable ANTHROPIC_API_KEY of Anthropic (US), and no route the scan recognised accounts for it",
	)
}

test_fail_stored_key_of_denied_operator_stays_critical if {
	fx.decided(stored("SealedSecret", {"seen": "DEEPSEEK_API_KEY", "keyVar": "DEEPSEEK_API_KEY"})) == graded(
		"critical",
		"Deployment/prod/chat names provider key variable DEEPSEEK_API_KEY of DeepSeek (CN), and no route the scan recognised accounts for it",
	)
}

test_fail_host_in_a_secret_is_not_a_stored_credential if {
	fx.decided(stored("Secret", {"kind": "host", "seen": "openrouter.ai", "host": "openrouter.ai"})) == graded(
		"medium",
		"Deployment/prod/chat names host openrouter.ai of OpenRouter (US), and no route the scan recognised accounts for it",
	)
}
