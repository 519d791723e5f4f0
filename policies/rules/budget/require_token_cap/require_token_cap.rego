# METADATA
# title: LLM route without an enforceable spending cap
# description: |
#   A route to a hosted API has no cap that a gateway enforces: no token rate limit, no requests
#   limit combined with a per-request token limit, and no budget, on the route or shared by its
#   workload. An agent loop can then spend without bound overnight. Routes to endpoints the
#   organisation runs itself are exempt: their cost is infrastructure, not tokens.
# custom:
#   id: require-token-cap
#   category: budget
#   severity: high
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Route the calls through a gateway that enforces a cap (LiteLLM tpm or max_budget with
#     budget_duration, OpenRouter key limits, Kong ai-rate-limiting-advanced), and declare it there.
package modelgate.rules.budget.require_token_cap

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	some route in lib.routes
	lib.billable(route)
	not lib.capped(route)
	message := sprintf("%s has no enforceable token or budget cap", [route.via])
}
