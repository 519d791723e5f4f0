package modelgate.rules.input.evaluation_error_test

import data.modelgate.main
import data.modelgate.rules.input.evaluation_error as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "evaluation-error", "category": "input", "severity": "critical"}

message := "the input is not a modelgate.dev/v1 LLMUsage document"

nowhere := {"file": "", "line": 0, "column": 0, "pointer": ""}

# METADATA
# description: |
#   The input is deliberately not a canonical document.
#   Nothing of a foreign input is trusted: no resource, no location.
# custom:
#   canonical_input: false
test_fail_not_canonical if {
	findings := main.findings with input as {"kind": "Deployment"}
	fx.decided(findings) == {object.union(fx.finding_at(rule_meta, "", message, nowhere), {"resource": ""})}
}

# METADATA
# description: The input is deliberately not a canonical document.
# custom:
#   canonical_input: false
test_fail_wrong_shape if {
	findings := rule.findings with input as fx.with_fields(fx.doc(null, []), {"routes": {}})
	fx.decided(findings) == {fx.finding_at(rule_meta, "", message, nowhere)}
}

test_pass_canonical if rule.findings == set() with input as fx.doc(null, [])
