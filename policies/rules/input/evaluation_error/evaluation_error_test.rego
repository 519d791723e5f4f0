package modelgate.rules.input.evaluation_error_test

import data.modelgate.main
import data.modelgate.rules.input.evaluation_error as rule
import data.modelgate.test.fixtures as fx

# METADATA
# description: The input is deliberately not a canonical document.
# custom:
#   canonical_input: false
test_fail_not_canonical if {
	some f in main.findings with input as {"kind": "Deployment"}
	f.ruleId == "evaluation-error"
	f.resource == ""
}

# METADATA
# description: The input is deliberately not a canonical document.
# custom:
#   canonical_input: false
test_fail_wrong_shape if count(rule.findings) == 1 with input as fx.with_fields(fx.doc(null, []), {"routes": {}})

test_pass_canonical if count(rule.findings) == 0 with input as fx.doc(null, [])
