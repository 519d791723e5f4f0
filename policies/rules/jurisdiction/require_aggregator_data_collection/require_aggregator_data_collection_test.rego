package modelgate.rules.jurisdiction.require_aggregator_data_collection_test

import data.modelgate.rules.jurisdiction.require_aggregator_data_collection as rule
import data.modelgate.test.fixtures as fx

openrouter(routing) := fx.route("r", {
	"endpoint": fx.endpoint("openrouter.ai"),
	"model": {"id": "anthropic/claude-sonnet-4.6", "raw": "anthropic/claude-sonnet-4.6", "resolved": true},
	"routing": routing,
})

findings_for(classification, route) := result if {
	result := rule.findings with input as fx.doc(classification, [route])
}

test_fail_no_routing if {
	some f in findings_for(fx.regulated, openrouter(null))
	f.ruleId == "require-aggregator-data-collection"
	contains(f.message, "data_collection: deny")
}

test_fail_collection_allowed if count(findings_for(fx.regulated, openrouter({"dataCollection": "allow"}))) == 1

test_pass_collection_denied if count(findings_for(fx.regulated, openrouter({"dataCollection": "deny"}))) == 0

test_fail_zdr_required if {
	findings := rule.findings with input as fx.doc(fx.regulated, [openrouter({"dataCollection": "deny"})])
		with data.modelgate.policy.requireZdr as true
	some f in findings
	contains(f.message, "zero data retention")
}

test_pass_zdr_required_and_set if {
	findings := rule.findings with input as fx.doc(fx.regulated, [openrouter({"dataCollection": "deny", "zdr": true})])
		with data.modelgate.policy.requireZdr as true
	count(findings) == 0
}

test_pass_direct_operator if count(findings_for(fx.regulated, fx.capped_route("r", "api.anthropic.com", "claude-sonnet-4.6"))) == 0

test_pass_unregulated if count(findings_for(fx.unregulated, openrouter(null))) == 0
