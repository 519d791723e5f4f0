package modelgate.rules.budget.disallow_budget_overrun_test

import data.modelgate.rules.budget.disallow_budget_overrun as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "disallow-budget-overrun", "category": "budget", "severity": "high"}

budgeted(budget) := {"dataClass": "internal", "regulated": false, "budget": budget}

priced_route(id, limits) := fx.route(id, {
	"endpoint": fx.endpoint("api.deepseek.com"),
	"model": {"id": "deepseek-v4-flash", "raw": "deepseek-v4-flash", "resolved": true},
	"limits": fx.limits(limits),
})

findings_for(budget, routes) := result if {
	result := rule.findings with input as fx.doc(budgeted(budget), routes)
}

# A finding about the workload as a whole: no subject id, located at the workload.
workload_finding(message) := fx.finding(rule_meta, "", message)

# 1,000 tokens a minute for 30 days is 43.2M tokens; at DeepSeek V4 Flash's $0.28 output price, $12.10.
test_fail_token_rate_over_budget if {
	findings := findings_for({"usdMonthly": 10}, [priced_route("r", {"tokensPerMinute": 1000})])
	fx.decided(findings) == {workload_finding("caps allow up to $12.10 per 30 days, over the workload budget of $10.00")}
}

test_pass_token_rate_within_budget if findings_for({"usdMonthly": 15}, [priced_route("r", {"tokensPerMinute": 1000})]) == set()

test_fail_daily_budget_scaled_to_month if {
	findings := findings_for({"usdMonthly": 100}, [priced_route("r", {"budgetUsd": 5, "budgetPeriodDays": 1})])
	fx.decided(findings) == {workload_finding("caps allow up to $150.00 per 30 days, over the workload budget of $100.00")}
}

test_fail_sum_of_routes if {
	findings := findings_for({"usdMonthly": 15}, [priced_route("a", {"budgetUsd": 10, "budgetPeriodDays": 30}), priced_route("b", {"budgetUsd": 10, "budgetPeriodDays": 30})])
	fx.decided(findings) == {workload_finding("caps allow up to $20.00 per 30 days, over the workload budget of $15.00")}
}

test_pass_shared_budget_bounds_the_sum if {
	doc := fx.with_fields(
		fx.doc(budgeted({"usdMonthly": 15}), [priced_route("a", {"tokensPerMinute": 100000}), priced_route("b", {})]),
		{"limits": fx.limits({"budgetUsd": 12, "budgetPeriodDays": 30})},
	)
	rule.findings == set() with input as doc
}

test_fail_capped_routes_alone_exceed if {
	findings := findings_for({"usdMonthly": 1}, [priced_route("a", {"tokensPerMinute": 1000}), priced_route("b", {})])
	fx.decided(findings) == {workload_finding("caps allow at least $12.10 per 30 days on the capped routes alone, over the workload budget of $1.00")}
}

test_fail_token_budget if {
	findings := findings_for({"tokensMonthly": 1000000}, [priced_route("r", {"tokensPerMinute": 1000})])
	fx.decided(findings) == {workload_finding("caps allow up to 43200000 tokens per 30 days, over the workload token cap of 1000000")}
}

test_pass_token_budget if findings_for({"tokensMonthly": 50000000}, [priced_route("r", {"tokensPerMinute": 1000})]) == set()

test_fail_request_cap if {
	findings := findings_for({"maxTokensPerRequest": 4096}, [priced_route("a", {"maxTokensPerRequest": 8192}), priced_route("b", {})])
	fx.decided(findings) == {
		fx.finding(rule_meta, "a", "route a allows 8192 tokens per request, over the workload limit of 4096"),
		fx.finding(rule_meta, "b", "route b allows unlimited tokens per request, over the workload limit of 4096"),
	}
}

test_pass_request_cap if findings_for({"maxTokensPerRequest": 4096}, [priced_route("a", {"maxTokensPerRequest": 2048})]) == set()

test_pass_no_budget if findings_for({}, [priced_route("r", {"tokensPerMinute": 100000000})]) == set()
