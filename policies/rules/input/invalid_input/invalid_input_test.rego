package modelgate.rules.input.invalid_input_test

import data.modelgate.rules.input.invalid_input as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "invalid-input", "category": "input", "severity": "high"}

test_fail_problem if {
	problem := {"message": "model_list[2] is not a map", "source": fx.source}
	findings := rule.findings with input as fx.with_fields(fx.doc(null, []), {"problems": [problem]})
	fx.decided(findings) == {fx.finding(rule_meta, "", "model_list[2] is not a map")}
}

test_pass_no_problem if rule.findings == set() with input as fx.doc(null, [])
