package modelgate.rules.jurisdiction.require_aggregator_data_collection_test

import data.modelgate.rules.jurisdiction.require_aggregator_data_collection as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "require-aggregator-data-collection", "category": "jurisdiction", "severity": "high"}

general := "route r goes through OpenRouter without data_collection: deny, so providers that store or train on prompts can serve it"

openrouter_model(model, routing) := fx.route("r", {
	"endpoint": fx.endpoint("openrouter.ai"),
	"model": {"id": model, "raw": model, "resolved": true},
	"routing": routing,
})

# An open-weight model the catalogue does not record on OpenRouter: any provider may serve it.
openrouter(routing) := openrouter_model("meta-llama/llama-3.3-70b-instruct", routing)

findings_for(classification, route) := result if {
	result := rule.findings with input as fx.doc(classification, [route])
}

zdr_findings(route) := result if {
	result := rule.findings with input as fx.doc(fx.regulated, [route])
		with data.modelgate.policy.requireZdr as true
}

test_fail_no_routing if {
	fx.decided(findings_for(fx.regulated, openrouter(null))) == {fx.finding(rule_meta, "r", general)}
}

test_fail_collection_allowed if {
	fx.decided(findings_for(fx.regulated, openrouter({"dataCollection": "allow"}))) == {fx.finding(rule_meta, "r", general)}
}

test_pass_collection_denied if findings_for(fx.regulated, openrouter({"dataCollection": "deny"})) == set()

test_pass_zdr_alone_denies_collection if findings_for(fx.regulated, openrouter({"zdr": true})) == set()

test_fail_zdr_required if {
	fx.decided(zdr_findings(openrouter({"dataCollection": "deny"}))) == {fx.finding(rule_meta, "r", "route r goes through OpenRouter without zero data retention (zdr: true), which the organisation policy requires")}
}

test_pass_zdr_required_and_set if zdr_findings(openrouter({"dataCollection": "deny", "zdr": true})) == set()

test_pass_direct_operator if findings_for(fx.regulated, fx.capped_route("r", "api.anthropic.com", "claude-sonnet-4.6")) == set()

test_pass_unregulated if findings_for(fx.unregulated, openrouter(null)) == set()

# Judged on the providers that can serve the route (issue 15, item 2): [model, routing, fires].
# Claude on OpenRouter is served by Anthropic, Amazon Bedrock and Vertex AI, none of which trains
# on API prompts; `only` or `order` without fallbacks limits the set to the named providers.
cases := [
	["anthropic/claude-sonnet-4.6", null, false],
	["openai/gpt-5.4", null, false],
	["anthropic/claude-sonnet-4.6", {"only": ["Amazon Bedrock", "Anthropic"]}, false],
	["meta-llama/llama-3.3-70b-instruct", {"order": ["Amazon Bedrock"], "allowFallbacks": false}, false],
	["meta-llama/llama-3.3-70b-instruct", {"order": ["Amazon Bedrock"], "allowFallbacks": true}, true],
	["meta-llama/llama-3.3-70b-instruct", {"order": ["Amazon Bedrock"]}, true],
	# DeepInfra's policy is on record from a secondary source only: unverified counts as unknown
	["meta-llama/llama-3.3-70b-instruct", {"only": ["DeepInfra"]}, true],
	["meta-llama/llama-3.3-70b-instruct", {"only": ["Nobody Inc"]}, true],
	# Gemini: the Gemini API's policy on OpenRouter is not verified, so strict
	["google/gemini-2.5-pro", null, true],
	["google/gemini-2.5-pro", {"only": ["Google"]}, false],
	["google/gemini-2.5-pro", {"dataCollection": "deny"}, false],
]

test_serving_provider_cases if {
	every case in cases {
		[model, routing, fires] := case
		findings_for(fx.regulated, openrouter_model(model, routing)) != set() == fires
	}
}

test_fail_names_providers_without_policy if {
	findings := findings_for(fx.regulated, openrouter({"only": ["Amazon Bedrock", "Nobody Inc", "DeepInfra"]}))
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r goes through OpenRouter without data_collection: deny, and the providers that can serve it include DeepInfra (US), whose data policy is not on record; Nobody Inc (not in the provider catalogue), whose data policy is not on record")}
}

test_fail_names_closed_model_provider_that_trains if {
	route := openrouter_model("anthropic/claude-sonnet-4.6", null)
	findings := rule.findings with input as fx.doc(fx.regulated, [route])
		with data.modelgate.index.servedBy.openrouter.dataPolicies.anthropic as {"training": true, "retainsPrompts": true}
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r goes through OpenRouter without data_collection: deny, and the providers that can serve it include Anthropic (US), whose published policy allows training on prompts")}
}

# With requireZdr, the providers' retention decides: Bedrock and Vertex keep nothing, Anthropic
# retains prompts for abuse monitoring.
test_zdr_required_judged_on_providers if {
	zdr_findings(openrouter_model("anthropic/claude-sonnet-4.6", {"only": ["Amazon Bedrock", "Google"]})) == set()
	fx.decided(zdr_findings(openrouter_model("anthropic/claude-sonnet-4.6", null))) == {fx.finding(rule_meta, "r", "route r goes through OpenRouter without zero data retention (zdr: true), and the providers that can serve it include Anthropic (US), whose published policy retains prompts")}
}
