package modelgate.rules.budget.require_known_price_test

import data.modelgate.rules.budget.require_known_price as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "require-known-price", "category": "budget", "severity": "medium"}

route_for(model, limits) := fx.route("r", {
	"endpoint": fx.endpoint("api.openai.com"),
	"model": {"id": model, "raw": model, "resolved": model != null},
	"limits": fx.limits(limits),
})

findings_for(route) := result if {
	result := rule.findings with input as fx.doc(budgeted, [route])
}

budgeted := object.union(fx.unregulated, {"budget": {"usdMonthly": 300}})

test_pass_without_a_usd_budget_nothing_needs_the_price if {
	rule.findings == set() with input as fx.doc(fx.unregulated, [route_for("gpt-99-ultra", {"tokensPerMinute": 1000})])
	rule.findings == set() with input as fx.doc(object.union(fx.unregulated, {"budget": {"tokensMonthly": 5}}), [route_for("gpt-99-ultra", {"tokensPerMinute": 1000})])
}

test_fail_unknown_model if {
	findings := findings_for(route_for("gpt-99-ultra", {"tokensPerMinute": 1000}))
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r uses model gpt-99-ultra, which has no price in the pricing catalogue")}
}

test_fail_runtime_model if {
	findings := findings_for(route_for(null, {"tokensPerMinute": 1000}))
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r uses a model chosen at run time, which has no price in the pricing catalogue")}
}

test_pass_known_model if findings_for(route_for("gpt-5.5", {"tokensPerMinute": 1000})) == set()

test_pass_variant_suffix_and_org_prefix if {
	findings_for(route_for("deepseek/deepseek-v4-flash:free", {"tokensPerMinute": 1000})) == set()
	findings_for(route_for("GPT-5.5", {"tokensPerMinute": 1000})) == set()
}

test_pass_usd_budget_needs_no_price if findings_for(route_for("gpt-99-ultra", {"budgetUsd": 50, "budgetPeriodDays": 30})) == set()

test_pass_uncapped_route_is_reported_by_require_token_cap if findings_for(route_for("gpt-99-ultra", {})) == set()

# Ids as routes and gateway configs write them, each priced by the imported catalogue.
test_pass_ids_as_routes_write_them if {
	every model in [
		"gpt-4o",
		"openai/gpt-4o",
		"gpt-4o-2024-08-06",
		"gpt-4o-mini",
		"gpt-4-turbo",
		"gpt-3.5-turbo",
		"o3-mini",
		"anthropic/claude-3-5-sonnet-20241022",
		"claude-3-5-sonnet-latest",
		"claude-3-7-sonnet-20250219",
		"claude-sonnet-4-20250514",
		"bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0",
		"bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0",
		"vertex_ai/claude-3-5-sonnet-v2@20241022",
		"vertex_ai/gemini-1.5-pro",
		"gemini/gemini-2.0-flash",
		"gemini-2.5-pro",
		"mistral/mistral-large-latest",
		"xai/grok-3",
		"groq/llama-3.3-70b-versatile",
		"together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo",
		"deepseek/deepseek-chat",
		"openrouter/anthropic/claude-sonnet-4",
		"azure/gpt-4o",
	] {
		findings_for(route_for(model, {"tokensPerMinute": 1000})) == set()
	}
}

# A dated snapshot or "-latest" alias the catalogue does not list is priced as its family.
test_pass_unlisted_snapshot_of_a_priced_family if {
	findings_for(route_for("gpt-4o-2031-01-01", {"tokensPerMinute": 1000})) == set()
	findings_for(route_for("claude-3-5-sonnet-20991231", {"tokensPerMinute": 1000})) == set()
}

test_fail_unknown_model_despite_a_known_host_prefix if {
	findings_for(route_for("openai/gpt-99-ultra", {"tokensPerMinute": 1000})) != set()
	findings_for(route_for("bedrock/us.acme.secret-model-v1:0", {"tokensPerMinute": 1000})) != set()
	findings_for(route_for("azure/my-deployment", {"tokensPerMinute": 1000})) != set()
}
