package modelgate.rules.classification.require_workload_owner_test

import data.modelgate.rules.classification.require_workload_owner as rule
import data.modelgate.test.fixtures as fx

route := fx.capped_route("r", "api.openai.com", "gpt-5.5")

owned := object.union(fx.unregulated, {"owner": "payments-platform"})

test_fail_no_owner if {
	some f in rule.findings with input as fx.doc(fx.unregulated, [route])
	f.ruleId == "require-workload-owner"
	f.category == "classification"
	f.severity == "medium"
	contains(f.message, "Deployment/prod/chat")
}

test_fail_blank_owner if {
	count(rule.findings) == 1 with input as fx.doc(object.union(fx.unregulated, {"owner": "  "}), [route])
}

test_pass_owner if count(rule.findings) == 0 with input as fx.doc(owned, [route])

test_pass_unclassified_is_reported_elsewhere if count(rule.findings) == 0 with input as fx.doc(null, [route])

test_pass_no_routes if count(rule.findings) == 0 with input as fx.doc(fx.unregulated, [])
