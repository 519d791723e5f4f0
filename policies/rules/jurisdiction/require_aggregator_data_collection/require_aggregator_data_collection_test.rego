package modelgate.rules.jurisdiction.require_aggregator_data_collection_test

import data.modelgate.rules.jurisdiction.require_aggregator_data_collection as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "require-aggregator-data-collection", "category": "jurisdiction", "severity": "high"}

openrouter(routing) := fx.route("r", {
	"endpoint": fx.endpoint("openrouter.ai"),
	"model": {"id": "anthropic/claude-sonnet-4.6", "raw": "anthropic/claude-sonnet-4.6", "resolved": true},
	"routing": routing,
})

findings_for(classification, route) := result if {
	result := rule.findings with input as fx.doc(classification, [route])
}

test_fail_no_routing if {
	fx.decided(findings_for(fx.regulated, openrouter(null))) == {fx.finding(rule_meta, "r", "route r goes through OpenRouter without data_collection: deny, so providers that store or train on prompts can serve it")}
}

test_fail_collection_allowed if {
	fx.decided(findings_for(fx.regulated, openrouter({"dataCollection": "allow"}))) == {fx.finding(rule_meta, "r", "route r goes through OpenRouter without data_collection: deny, so providers that store or train on prompts can serve it")}
}

test_pass_collection_denied if findings_for(fx.regulated, openrouter({"dataCollection": "deny"})) == set()

test_fail_zdr_required if {
	findings := rule.findings with input as fx.doc(fx.regulated, [openrouter({"dataCollection": "deny"})])
		with data.modelgate.policy.requireZdr as true
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r goes through OpenRouter without zero data retention (zdr: true), which the organisation policy requires")}
}

test_pass_zdr_required_and_set if {
	findings := rule.findings with input as fx.doc(fx.regulated, [openrouter({"dataCollection": "deny", "zdr": true})])
		with data.modelgate.policy.requireZdr as true
	findings == set()
}

test_pass_direct_operator if findings_for(fx.regulated, fx.capped_route("r", "api.anthropic.com", "claude-sonnet-4.6")) == set()

test_pass_unregulated if findings_for(fx.unregulated, openrouter(null)) == set()
