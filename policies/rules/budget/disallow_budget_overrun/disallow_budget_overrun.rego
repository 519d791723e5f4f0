# METADATA
# title: Worst-case spend allowed by the caps exceeds the workload's budget
# description: |
#   The caps on a workload's routes bound what it can spend: tokens per minute over a month times
#   the highest catalogue price of the model, or a USD budget scaled to a month. When that worst
#   case exceeds the budget in the workload's classification, the caps do not protect the budget.
#   The same holds for a monthly token cap and for a per-request token cap.
# custom:
#   id: disallow-budget-overrun
#   category: budget
#   severity: high
#   since: 0.1.0
#   version: 0.2.0
#   remediation: |
#     Lower the route caps (tpm, rpm with max_tokens, max_budget) until their worst case fits the
#     budget, or raise the workload's budget if the spend is approved.
package modelgate.rules.budget.disallow_budget_overrun

import data.modelgate.lib

budget := lib.classification.budget

findings contains lib.finding(rego.metadata.chain(), input.workload, message) if {
	is_number(budget.usdMonthly)
	spend := lib.workload_worst_spend
	spend > budget.usdMonthly
	message := sprintf("caps allow up to %s per %d days, over the workload budget of %s", [
		lib.format_usd(spend), lib.period_days, lib.format_usd(budget.usdMonthly),
	])
}

findings contains lib.finding(rego.metadata.chain(), input.workload, message) if {
	is_number(budget.usdMonthly)
	spend := lib.partial_worst_spend
	spend > budget.usdMonthly
	message := sprintf("caps allow at least %s per %d days on the capped routes alone, over the workload budget of %s", [
		lib.format_usd(spend), lib.period_days, lib.format_usd(budget.usdMonthly),
	])
}

findings contains lib.finding(rego.metadata.chain(), input.workload, message) if {
	is_number(budget.tokensMonthly)
	tokens := lib.workload_worst_tokens
	tokens > budget.tokensMonthly
	message := sprintf("caps allow up to %d tokens per %d days, over the workload token cap of %d", [
		round(tokens), lib.period_days, budget.tokensMonthly,
	])
}

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	is_number(budget.maxTokensPerRequest)
	some route in lib.routes
	lib.billable(route)
	not within_request_cap(route)
	message := sprintf("%s allows %s tokens per request, over the workload limit of %d", [
		route.via, request_cap_text(route), budget.maxTokensPerRequest,
	])
}

within_request_cap(route) if {
	is_number(route.limits.maxTokensPerRequest)
	route.limits.maxTokensPerRequest <= budget.maxTokensPerRequest
}

request_cap_text(route) := sprintf("%d", [route.limits.maxTokensPerRequest]) if is_number(route.limits.maxTokensPerRequest)

else := "unlimited"
