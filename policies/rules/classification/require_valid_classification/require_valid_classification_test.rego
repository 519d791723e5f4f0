package modelgate.rules.classification.require_valid_classification_test

import data.modelgate.rules.classification.require_valid_classification as rule
import data.modelgate.test.fixtures as fx

test_fail_each_error if {
	errors := [
		{"message": "modelgate.dev/regulated must be \"true\" or \"false\", got \"yes\"", "source": fx.source},
		{"message": "unknown classification key", "source": object.union(fx.source, {"line": 9})},
	]
	findings := rule.findings with input as fx.with_fields(fx.doc(null, []), {"classificationErrors": errors})
	count(findings) == 2
	some f in findings
	f.ruleId == "require-valid-classification"
	f.source.line == 9
}

test_pass_valid if count(rule.findings) == 0 with input as fx.doc(fx.regulated, [])
