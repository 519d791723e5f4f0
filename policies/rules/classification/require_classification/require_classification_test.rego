package modelgate.rules.classification.require_classification_test

import data.modelgate.rules.classification.require_classification as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "require-classification", "category": "classification", "severity": "high"}

route := fx.capped_route("r", "api.openai.com", "gpt-5.5")

test_fail_unclassified if {
	findings := rule.findings with input as fx.doc(null, [route])
	message := "Deployment/prod/chat calls 1 LLM route(s) but has no classification; until it is classified it is judged as policy.defaultClassification {\"regulated\":true}"
	fx.decided(findings) == {fx.finding(rule_meta, "", message)}
}

test_fail_unclassified_without_default if {
	findings := rule.findings with input as fx.doc(null, [route]) with data.modelgate.policy.defaultClassification as null
	message := "Deployment/prod/chat calls 1 LLM route(s) but has no classification; policy.defaultClassification is null, so no jurisdiction or self-hosting rule applies to it"
	fx.decided(findings) == {fx.finding(rule_meta, "", message)}
}

test_pass_classified if rule.findings == set() with input as fx.doc(fx.unregulated, [route])

test_pass_no_routes if rule.findings == set() with input as fx.doc(null, [])

test_pass_invalid_is_reported_elsewhere if {
	doc := fx.with_fields(fx.doc(null, [route]), {"classificationErrors": [{"message": "bad", "source": fx.source}]})
	rule.findings == set() with input as doc
}
