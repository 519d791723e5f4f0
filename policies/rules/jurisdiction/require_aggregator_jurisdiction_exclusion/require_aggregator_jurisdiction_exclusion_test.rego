package modelgate.rules.jurisdiction.require_aggregator_jurisdiction_exclusion_test

import data.modelgate.rules.jurisdiction.require_aggregator_jurisdiction_exclusion as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "require-aggregator-jurisdiction-exclusion", "category": "jurisdiction", "severity": "high"}

# The finding about route r when the gateway's routing does not exclude operators in CN.
not_excluded(model, gateway) := not_excluded_hint(model, gateway, "set provider.only, or provider.order with allow_fallbacks: false")

not_excluded_hint(model, gateway, hint) := fx.finding(rule_meta, "r", sprintf(
	"route r sends %s through %s without routing preferences that exclude operators in %s (%s)",
	[model, gateway, "CN", hint],
))

vercel_hint := "set providerOptions.gateway.only, or providerOptions.gateway.order"

remediation_of(findings) := {f.remediation | some f in findings}

openrouter(model, routing) := fx.route("r", {
	"endpoint": fx.endpoint("openrouter.ai"),
	"model": {"id": model, "raw": model, "resolved": true},
	"routing": routing,
})

findings_for(route) := result if {
	result := rule.findings with input as fx.doc(fx.regulated, [route])
}

test_fail_open_weights_without_routing if {
	fx.decided(findings_for(openrouter("deepseek/deepseek-v4-flash", null))) == {not_excluded("deepseek/deepseek-v4-flash", "OpenRouter")}
}

test_fail_runtime_model if {
	route := fx.route("r", {"provider": {"sdkPrefix": "openrouter", "keyVar": null, "type": null}})
	fx.decided(findings_for(route)) == {not_excluded("a model chosen at run time", "OpenRouter")}
}

test_fail_order_with_fallbacks if {
	fx.decided(findings_for(openrouter("moonshotai/kimi-k2.6", {"order": ["Together"], "allowFallbacks": true}))) == {not_excluded("moonshotai/kimi-k2.6", "OpenRouter")}
}

test_fail_only_names_denied_operator if {
	fx.decided(findings_for(openrouter("moonshotai/kimi-k2.6", {"only": ["Together", "Moonshot AI"]}))) == {not_excluded("moonshotai/kimi-k2.6", "OpenRouter")}
}

test_fail_only_names_unknown_provider if {
	fx.decided(findings_for(openrouter("moonshotai/kimi-k2.6", {"only": ["Nobody Inc"]}))) == {not_excluded("moonshotai/kimi-k2.6", "OpenRouter")}
}

test_fail_partial_ignore if {
	fx.decided(findings_for(openrouter("deepseek/deepseek-v4-flash", {"ignore": ["DeepSeek"]}))) == {not_excluded("deepseek/deepseek-v4-flash", "OpenRouter")}
}

test_fail_closed_model_only_served_in_denied_jurisdiction if {
	fx.decided(findings_for(openrouter("qwen/qwen3.7-max", {"only": ["Together"]}))) == {fx.finding(rule_meta, "r", "route r asks OpenRouter for qwen/qwen3.7-max, which only Alibaba Cloud (Model Studio / DashScope, ModelScope) (CN) serves; no routing preference makes this route compliant")}
}

test_pass_only_allowed_providers if findings_for(openrouter("deepseek/deepseek-v4-flash", {"only": ["together", "Fireworks"]})) == set()

test_pass_order_without_fallbacks if findings_for(openrouter("deepseek/deepseek-v4-flash", {"order": ["DeepInfra"], "allowFallbacks": false})) == set()

test_pass_ignore_every_denied_operator if {
	denied := [name |
		some op in data.modelgate.index.aggregatorNames.openrouter
		data.modelgate.index.operators[op].jurisdiction == "CN"
		some name, target in data.modelgate.index.aggregatorNames.openrouter
		target == op
	]
	findings_for(openrouter("deepseek/deepseek-v4-flash", {"ignore": denied})) == set()
}

test_pass_direct_operator_is_not_an_aggregator if findings_for(fx.capped_route("r", "api.together.xyz", "deepseek-ai/deepseek-v4-pro")) == set()

test_pass_unregulated if rule.findings == set() with input as fx.doc(fx.unregulated, [openrouter("deepseek/deepseek-v4-flash", null)])

vercel(routing) := fx.route("r", {
	"endpoint": fx.endpoint("ai-gateway.vercel.sh"),
	"model": {"id": "deepseek/deepseek-v4-flash", "raw": "deepseek/deepseek-v4-flash", "resolved": true},
	"routing": routing,
})

test_pass_headquarters_allow_list if findings_for(vercel({"headquartersAllow": ["US", "FR"]})) == set()

test_pass_headquarters_deny_list if findings_for(vercel({"headquartersDeny": ["CN"]})) == set()

test_fail_headquarters_allow_list_with_denied_country if {
	fx.decided(findings_for(vercel({"headquartersAllow": ["US", "CN"]}))) == {not_excluded_hint("deepseek/deepseek-v4-flash", "Vercel AI Gateway", vercel_hint)}
}

test_fail_vercel_without_constraint if {
	fx.decided(findings_for(vercel(null))) == {not_excluded_hint("deepseek/deepseek-v4-flash", "Vercel AI Gateway", vercel_hint)}
}

# The remedy names the routing fields of the aggregator at hand.
test_remedy_openrouter_fields if {
	[remedy] := [r | some r in remediation_of(findings_for(openrouter("deepseek/deepseek-v4-flash", null)))]
	contains(remedy, "provider.only")
	contains(remedy, "provider.ignore")
	contains(remedy, "data_collection: deny")
}

test_remedy_vercel_fields if {
	[remedy] := [r | some r in remediation_of(findings_for(vercel(null)))]
	contains(remedy, "providerOptions.gateway.only")
	not contains(remedy, "allow_fallbacks")
}

test_remedy_huggingface_fields if {
	route := fx.route("r", {
		"endpoint": fx.endpoint("router.huggingface.co"),
		"model": {"id": "deepseek-ai/DeepSeek-V3.2", "raw": "deepseek-ai/DeepSeek-V3.2", "resolved": true},
		"routing": null,
	})
	findings := findings_for(route)
	fx.decided(findings) == {not_excluded_hint("deepseek-ai/DeepSeek-V3.2", "Hugging Face Inference Providers (router)", "pin the inference provider with a :provider suffix on the model id, or the provider field")}
	[remedy] := [r | some r in remediation_of(findings)]
	contains(remedy, ":<provider>")
}

test_remedy_other_aggregator_generic if {
	route := fx.route("r", {"endpoint": fx.endpoint("router.requesty.ai")})
	findings := findings_for(route)
	fx.decided(findings) == {not_excluded_hint("a model chosen at run time", "Requesty", "restrict the providers it may route to, or call an operator directly")}
	[remedy] := [r | some r in remediation_of(findings)]
	startswith(remedy, "Restrict the providers Requesty may route")
}

test_pass_vercel_only_by_slug if findings_for(vercel({"only": ["fireworks", "together"]})) == set()
