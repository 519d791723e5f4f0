package modelgate.rules.input.invalid_input_test

import data.modelgate.rules.input.invalid_input as rule
import data.modelgate.test.fixtures as fx

test_fail_problem if {
	problem := {"message": "model_list[2] is not a map", "source": fx.source}
	some f in rule.findings with input as fx.with_fields(fx.doc(null, []), {"problems": [problem]})
	f.ruleId == "invalid-input"
	f.message == "model_list[2] is not a map"
}

test_pass_no_problem if count(rule.findings) == 0 with input as fx.doc(null, [])
