package modelgate.rules.classification.require_classification_test

import data.modelgate.rules.classification.require_classification as rule
import data.modelgate.test.fixtures as fx

route := fx.capped_route("r", "api.openai.com", "gpt-5.5")

test_fail_unclassified if {
	some f in rule.findings with input as fx.doc(null, [route])
	f.ruleId == "require-classification"
	f.source == fx.source
	contains(f.message, "Deployment/prod/chat")
}

test_pass_classified if count(rule.findings) == 0 with input as fx.doc(fx.unregulated, [route])

test_pass_no_routes if count(rule.findings) == 0 with input as fx.doc(null, [])

test_pass_invalid_is_reported_elsewhere if {
	doc := fx.with_fields(fx.doc(null, [route]), {"classificationErrors": [{"message": "bad", "source": fx.source}]})
	count(rule.findings) == 0 with input as doc
}
