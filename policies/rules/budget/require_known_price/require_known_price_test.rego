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
