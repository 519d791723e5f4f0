package modelgate.rules.classification.require_valid_classification_test

import data.modelgate.rules.classification.require_valid_classification as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "require-valid-classification", "category": "classification", "severity": "high"}

test_fail_each_error if {
	line_9 := object.union(fx.source, {"line": 9})
	errors := [
		{"message": "modelgate.dev/regulated must be \"true\" or \"false\", got \"yes\"", "source": fx.source},
		{"message": "unknown classification key", "source": line_9},
	]
	findings := rule.findings with input as fx.with_fields(fx.doc(null, []), {"classificationErrors": errors})
	fx.decided(findings) == {
		fx.finding(rule_meta, "", "modelgate.dev/regulated must be \"true\" or \"false\", got \"yes\""),
		fx.finding_at(rule_meta, "", "unknown classification key", line_9),
	}
}

test_pass_valid if rule.findings == set() with input as fx.doc(fx.regulated, [])
