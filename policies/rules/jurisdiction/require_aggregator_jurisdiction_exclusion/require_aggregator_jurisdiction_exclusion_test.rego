package modelgate.rules.jurisdiction.require_aggregator_jurisdiction_exclusion_test

import data.modelgate.rules.jurisdiction.require_aggregator_jurisdiction_exclusion as rule
import data.modelgate.test.fixtures as fx

openrouter(model, routing) := fx.route("r", {
	"endpoint": fx.endpoint("openrouter.ai"),
	"model": {"id": model, "raw": model, "resolved": true},
	"routing": routing,
})

findings_for(route) := result if {
	result := rule.findings with input as fx.doc(fx.regulated, [route])
}

test_fail_open_weights_without_routing if {
	some f in findings_for(openrouter("deepseek/deepseek-v4-flash", null))
	f.ruleId == "require-aggregator-jurisdiction-exclusion"
	contains(f.message, "OpenRouter")
}

test_fail_runtime_model if {
	route := fx.route("r", {"provider": {"sdkPrefix": "openrouter", "keyVar": null, "type": null}})
	some f in findings_for(route)
	contains(f.message, "chosen at run time")
}

test_fail_order_with_fallbacks if count(findings_for(openrouter("moonshotai/kimi-k2.6", {"order": ["Together"], "allowFallbacks": true}))) == 1

test_fail_only_names_denied_operator if count(findings_for(openrouter("moonshotai/kimi-k2.6", {"only": ["Together", "Moonshot AI"]}))) == 1

test_fail_only_names_unknown_provider if count(findings_for(openrouter("moonshotai/kimi-k2.6", {"only": ["Nobody Inc"]}))) == 1

test_fail_partial_ignore if count(findings_for(openrouter("deepseek/deepseek-v4-flash", {"ignore": ["DeepSeek"]}))) == 1

test_fail_closed_model_only_served_in_denied_jurisdiction if {
	some f in findings_for(openrouter("qwen/qwen3.7-max", {"only": ["Together"]}))
	contains(f.message, "only")
}

test_pass_only_allowed_providers if count(findings_for(openrouter("deepseek/deepseek-v4-flash", {"only": ["together", "Fireworks"]}))) == 0

test_pass_order_without_fallbacks if count(findings_for(openrouter("deepseek/deepseek-v4-flash", {"order": ["DeepInfra"], "allowFallbacks": false}))) == 0

test_pass_ignore_every_denied_operator if {
	denied := [name |
		some op in data.modelgate.index.aggregatorNames.openrouter
		data.modelgate.index.operators[op].jurisdiction == "CN"
		some name, target in data.modelgate.index.aggregatorNames.openrouter
		target == op
	]
	count(findings_for(openrouter("deepseek/deepseek-v4-flash", {"ignore": denied}))) == 0
}

test_pass_direct_operator_is_not_an_aggregator if count(findings_for(fx.capped_route("r", "api.together.xyz", "deepseek-ai/deepseek-v4-pro"))) == 0

test_pass_unregulated if count(rule.findings) == 0 with input as fx.doc(fx.unregulated, [openrouter("deepseek/deepseek-v4-flash", null)])

vercel(routing) := fx.route("r", {
	"endpoint": fx.endpoint("ai-gateway.vercel.sh"),
	"model": {"id": "deepseek/deepseek-v4-flash", "raw": "deepseek/deepseek-v4-flash", "resolved": true},
	"routing": routing,
})

test_pass_headquarters_allow_list if count(findings_for(vercel({"headquartersAllow": ["US", "FR"]}))) == 0

test_pass_headquarters_deny_list if count(findings_for(vercel({"headquartersDeny": ["CN"]}))) == 0

test_fail_headquarters_allow_list_with_denied_country if count(findings_for(vercel({"headquartersAllow": ["US", "CN"]}))) == 1

test_fail_vercel_without_constraint if count(findings_for(vercel(null))) == 1

test_pass_vercel_only_by_slug if count(findings_for(vercel({"only": ["fireworks", "together"]}))) == 0
