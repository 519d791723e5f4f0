package modelgate.rules.jurisdiction.require_aggregator_jurisdiction_exclusion_test

import data.modelgate.rules.jurisdiction.require_aggregator_jurisdiction_exclusion as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "require-aggregator-jurisdiction-exclusion", "category": "jurisdiction", "severity": "high"}

openrouter_hint := "set provider.only, or provider.order with allow_fallbacks: false"

# The finding about route r when the gateway's routing does not exclude operators in CN; `who` is
# why the exclusion is needed (the denied operators serving the model, or that it is unknown).
not_excluded_who(model, gateway, who, hint) := fx.finding(rule_meta, "r", sprintf(
	"route r sends %s through %s without routing preferences that exclude operators in %s%s (%s)",
	[model, gateway, "CN", who, hint],
))

unknown_who(model) := sprintf("; the provider catalogue does not record which operators serve %s there, so any of them may", [model])

not_excluded_hint(model, gateway, hint) := not_excluded_who(model, gateway, unknown_who(model), hint)

not_excluded(model, gateway) := not_excluded_hint(model, gateway, openrouter_hint)

# deepseek/deepseek-v4-flash: the catalogue records (partially) who serves it on OpenRouter.
v4_flash_who := "; Alibaba Cloud (Model Studio / DashScope, ModelScope) (CN), Baidu AI Cloud (Qianfan) (CN), DeepSeek (CN), SiliconFlow (CN) serve it there today"

v4_flash := not_excluded_who("deepseek/deepseek-v4-flash", "OpenRouter", v4_flash_who, openrouter_hint)

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
	fx.decided(findings_for(openrouter("deepseek/deepseek-v4-flash", null))) == {v4_flash}
}

test_fail_runtime_model if {
	route := fx.route("r", {"provider": {"sdkPrefix": "openrouter", "keyVar": null, "type": null}})
	fx.decided(findings_for(route)) == {not_excluded_who("a model chosen at run time", "OpenRouter", "", openrouter_hint)}
}

test_fail_order_with_fallbacks if {
	fx.decided(findings_for(openrouter("moonshotai/kimi-k2.6", {"order": ["Together"], "allowFallbacks": true}))) == {not_excluded("moonshotai/kimi-k2.6", "OpenRouter")}
}

test_fail_only_names_denied_operator if {
	fx.decided(findings_for(openrouter("moonshotai/kimi-k2.6", {"only": ["Together", "Moonshot AI"]}))) == {not_excluded_who("moonshotai/kimi-k2.6", "OpenRouter", sprintf("; its provider list names %s", [data.modelgate.index.operators["moonshot-intl"].label]), openrouter_hint)}
}

test_fail_only_names_unknown_provider if {
	fx.decided(findings_for(openrouter("moonshotai/kimi-k2.6", {"only": ["Nobody Inc"]}))) == {not_excluded_who("moonshotai/kimi-k2.6", "OpenRouter", "; its provider list names Nobody Inc (not in the provider catalogue)", openrouter_hint)}
}

test_fail_partial_ignore if {
	fx.decided(findings_for(openrouter("deepseek/deepseek-v4-flash", {"ignore": ["DeepSeek"]}))) == {v4_flash}
}

# Who serves which model (issue 15, item 1): closed models of labs outside the denied
# jurisdictions need no exclusion on OpenRouter; open weights, unknown and look-alike ids stay strict.
served_by_cases := [
	# [model, fires]
	["anthropic/claude-sonnet-4.6", false],
	["anthropic/claude-opus-4.7:thinking", false],
	["~anthropic/claude-sonnet-latest", false],
	["openai/gpt-5.4", false],
	["openai/gpt-4o-mini", false],
	["openai/o3", false],
	["openai/o4-mini-high", false],
	["google/gemini-2.5-pro", false],
	["ANTHROPIC/Claude-Sonnet-4.6", false],
	# open weights any operator may serve
	["openai/gpt-oss-120b", true],
	["google/gemma-3-27b-it", true],
	["meta-llama/llama-3.3-70b-instruct", true],
	["qwen/qwen3-235b-a22b", true],
	# a closed name under another author is not that lab's model
	["someone/claude-sonnet-4.6-distill", true],
	["openai/o1x-preview", true],
	["openrouter/auto", true],
]

test_served_by_cases if {
	every case in served_by_cases {
		[model, fires] := case
		found := findings_for(openrouter(model, null)) != set()
		found == fires
	}
}

test_fail_unknown_model_says_unknown if {
	fx.decided(findings_for(openrouter("meta-llama/llama-3.3-70b-instruct", null))) == {not_excluded("meta-llama/llama-3.3-70b-instruct", "OpenRouter")}
}

# An imported endpoint list decides: a model only non-denied operators serve passes; one a denied
# operator serves names it; a provider the catalogue does not know keeps the rule strict.
served(models) := {"openrouter": {"models": models, "families": [], "dataPolicies": {}}}

test_imported_endpoints_decide if {
	route := openrouter("meta-llama/llama-3.3-70b-instruct", null)
	doc := fx.doc(fx.regulated, [route])
	outside := rule.findings with input as doc
		with data.modelgate.index.servedBy as served({"meta-llama/llama-3.3-70b-instruct": {"operators": ["together", "deepinfra"], "unknownProviders": [], "complete": true}})
	outside == set()
	inside := rule.findings with input as doc
		with data.modelgate.index.servedBy as served({"meta-llama/llama-3.3-70b-instruct": {"operators": ["together", "novita"], "unknownProviders": [], "complete": true}})
	fx.decided(inside) == {not_excluded_who("meta-llama/llama-3.3-70b-instruct", "OpenRouter", "; Novita AI (CN) serves it there today", openrouter_hint)}
	unknown := rule.findings with input as doc
		with data.modelgate.index.servedBy as served({"meta-llama/llama-3.3-70b-instruct": {"operators": ["together"], "unknownProviders": ["Nobody Inc"], "complete": true}})
	fx.decided(unknown) == {not_excluded_who("meta-llama/llama-3.3-70b-instruct", "OpenRouter", "; OpenRouter also routes it to providers the catalogue does not know (Nobody Inc)", openrouter_hint)}
	partial := rule.findings with input as doc
		with data.modelgate.index.servedBy as served({"meta-llama/llama-3.3-70b-instruct": {"operators": ["together"], "unknownProviders": [], "complete": false}})
	fx.decided(partial) == {not_excluded("meta-llama/llama-3.3-70b-instruct", "OpenRouter")}
}

# Served-by facts are per aggregator: Vercel AI Gateway has none on record, so Claude stays strict there.
test_fail_claude_on_aggregator_without_served_by if {
	route := fx.route("r", {
		"endpoint": fx.endpoint("ai-gateway.vercel.sh"),
		"model": {"id": "anthropic/claude-sonnet-4.6", "raw": "anthropic/claude-sonnet-4.6", "resolved": true},
		"routing": null,
	})
	findings_for(route) != set()
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

vercel_hint := "set providerOptions.gateway.only, or providerOptions.gateway.order"

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
	fx.decided(findings) == {not_excluded_who("a model chosen at run time", "Requesty", "", "restrict the providers it may route to, or call an operator directly")}
	[remedy] := [r | some r in remediation_of(findings)]
	startswith(remedy, "Restrict the providers Requesty may route")
}

test_pass_vercel_only_by_slug if findings_for(vercel({"only": ["fireworks", "together"]})) == set()
