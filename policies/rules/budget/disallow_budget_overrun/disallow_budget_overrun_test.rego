package modelgate.rules.budget.disallow_budget_overrun_test

import data.modelgate.rules.budget.disallow_budget_overrun as rule
import data.modelgate.test.fixtures as fx

budgeted(budget) := {"dataClass": "internal", "regulated": false, "budget": budget}

priced_route(id, limits) := fx.route(id, {
	"endpoint": fx.endpoint("api.deepseek.com"),
	"model": {"id": "deepseek-v4-flash", "raw": "deepseek-v4-flash", "resolved": true},
	"limits": fx.limits(limits),
})

findings_for(budget, routes) := result if {
	result := rule.findings with input as fx.doc(budgeted(budget), routes)
}

# 1,000 tokens a minute for 30 days is 43.2M tokens; at DeepSeek V4 Flash's $0.28 output price, $12.10.
test_fail_token_rate_over_budget if {
	some f in findings_for({"usdMonthly": 10}, [priced_route("r", {"tokensPerMinute": 1000})])
	f.ruleId == "disallow-budget-overrun"
	contains(f.message, "$12.10")
	contains(f.message, "$10.00")
}

test_pass_token_rate_within_budget if count(findings_for({"usdMonthly": 15}, [priced_route("r", {"tokensPerMinute": 1000})])) == 0

test_fail_daily_budget_scaled_to_month if {
	some f in findings_for({"usdMonthly": 100}, [priced_route("r", {"budgetUsd": 5, "budgetPeriodDays": 1})])
	contains(f.message, "$150.00")
}

test_fail_sum_of_routes if count(findings_for({"usdMonthly": 15}, [priced_route("a", {"budgetUsd": 10, "budgetPeriodDays": 30}), priced_route("b", {"budgetUsd": 10, "budgetPeriodDays": 30})])) == 1

test_pass_shared_budget_bounds_the_sum if {
	doc := fx.with_fields(
		fx.doc(budgeted({"usdMonthly": 15}), [priced_route("a", {"tokensPerMinute": 100000}), priced_route("b", {})]),
		{"limits": fx.limits({"budgetUsd": 12, "budgetPeriodDays": 30})},
	)
	count(rule.findings) == 0 with input as doc
}

test_fail_capped_routes_alone_exceed if {
	some f in findings_for({"usdMonthly": 1}, [priced_route("a", {"tokensPerMinute": 1000}), priced_route("b", {})])
	contains(f.message, "at least")
}

test_fail_token_budget if {
	some f in findings_for({"tokensMonthly": 1000000}, [priced_route("r", {"tokensPerMinute": 1000})])
	contains(f.message, "43200000 tokens")
}

test_pass_token_budget if count(findings_for({"tokensMonthly": 50000000}, [priced_route("r", {"tokensPerMinute": 1000})])) == 0

test_fail_request_cap if {
	findings := findings_for({"maxTokensPerRequest": 4096}, [priced_route("a", {"maxTokensPerRequest": 8192}), priced_route("b", {})])
	count(findings) == 2
	some f in findings
	contains(f.message, "unlimited")
}

test_pass_request_cap if count(findings_for({"maxTokensPerRequest": 4096}, [priced_route("a", {"maxTokensPerRequest": 2048})])) == 0

test_pass_no_budget if count(findings_for({}, [priced_route("r", {"tokensPerMinute": 100000000})])) == 0
