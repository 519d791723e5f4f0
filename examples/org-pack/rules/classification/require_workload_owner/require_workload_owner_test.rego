package modelgate.rules.classification.require_workload_owner_test

import data.modelgate.rules.classification.require_workload_owner as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "require-workload-owner", "category": "classification", "severity": "medium"}

route := fx.capped_route("r", "api.openai.com", "gpt-5.5")

owned := object.union(fx.unregulated, {"owner": "payments-platform"})

no_owner := {fx.finding(rule_meta, "", "Deployment/prod/chat calls 1 LLM route(s) but names no owner")}

test_fail_no_owner if {
	findings := rule.findings with input as fx.doc(fx.unregulated, [route])
	fx.decided(findings) == no_owner
}

test_fail_blank_owner if {
	findings := rule.findings with input as fx.doc(object.union(fx.unregulated, {"owner": "  "}), [route])
	fx.decided(findings) == no_owner
}

test_pass_owner if rule.findings == set() with input as fx.doc(owned, [route])

test_pass_unclassified_is_reported_elsewhere if rule.findings == set() with input as fx.doc(null, [route])

test_pass_no_routes if rule.findings == set() with input as fx.doc(fx.unregulated, [])
