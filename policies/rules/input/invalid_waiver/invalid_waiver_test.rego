package modelgate.rules.input.invalid_waiver_test

import data.modelgate.main
import data.modelgate.rules.input.invalid_waiver as rule
import data.modelgate.test.fixtures as fx

expired := {"id": "waivers[0]", "message": "modelgate.dev/waivers[0]: waiver for require-token-cap expired on 2026-01-31", "source": fx.source}

test_fail_expired_waiver if {
	findings := rule.findings with input as fx.with_fields(fx.doc(null, []), {"waiverProblems": [expired]})
	count(findings) == 1
	some f in findings
	f.ruleId == "invalid-waiver"
	f.category == "input"
	f.severity == "high"
	f.subject == "waivers[0]"
	f.message == expired.message
	f.source == fx.source
}

test_fail_reported_by_main if {
	ids := fx.rule_ids(main.findings) with input as fx.with_fields(fx.doc(null, []), {"waiverProblems": [expired]})
	"invalid-waiver" in ids
}

test_pass_no_waiver_problems if count(rule.findings) == 0 with input as fx.doc(null, [])

test_pass_empty_waiver_problems if count(rule.findings) == 0 with input as fx.with_fields(fx.doc(null, []), {"waiverProblems": []})
