package modelgate.rules.input.invalid_waiver_test

import data.modelgate.main
import data.modelgate.rules.input.invalid_waiver as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "invalid-waiver", "category": "input", "severity": "high"}

expired := {"id": "waivers[0]", "message": "modelgate.dev/waivers[0]: waiver for require-token-cap expired on 2026-01-31", "source": fx.source}

expired_finding := fx.finding(rule_meta, "waivers[0]", "modelgate.dev/waivers[0]: waiver for require-token-cap expired on 2026-01-31")

test_fail_expired_waiver if {
	findings := rule.findings with input as fx.with_fields(fx.doc(null, []), {"waiverProblems": [expired]})
	fx.decided(findings) == {expired_finding}
}

test_fail_reported_by_main if {
	findings := main.findings with input as fx.with_fields(fx.doc(null, []), {"waiverProblems": [expired]})
	expired_finding in fx.decided(findings)
}

test_pass_no_waiver_problems if rule.findings == set() with input as fx.doc(null, [])

test_pass_empty_waiver_problems if rule.findings == set() with input as fx.with_fields(fx.doc(null, []), {"waiverProblems": []})
