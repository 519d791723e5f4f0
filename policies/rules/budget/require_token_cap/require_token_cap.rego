# METADATA
# title: LLM route without an enforceable spending cap
# description: |
#   A route to a hosted API has no cap that a gateway enforces: no token rate limit, no requests
#   limit combined with a per-request token limit, and no budget, on the route or shared by its
#   workload. An agent loop can then spend without bound overnight. Limits kept per caller (a
#   LiteLLM end-user, internal-user, team or key budget, a Kong limit per consumer, an Envoy rule
#   per distinct header or client IP) are named in the finding but do not satisfy it: each caller
#   gets its own allowance and nothing bounds how many callers there are. A total cap anywhere on
#   the path (the route or its workload) does. Routes to endpoints the organisation runs itself
#   are exempt: their cost is infrastructure, not tokens.
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

uncapped contains route if {
	some route in lib.routes
	lib.billable(route)
	not lib.capped(route)
}

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	some route in uncapped
	count(lib.unbinding_caps(route)) == 0
	message := sprintf("%s has no enforceable token or budget cap", [route.via])
}

# Limits per caller (or per matching request) are named, with why they are no cap: each caller
# gets its own allowance and nothing bounds how many callers there are.
findings contains lib.finding(rego.metadata.chain(), route, message) if {
	some route in uncapped
	caps := lib.unbinding_caps(route)
	count(caps) > 0
	notes := sort({lib.cap_note(cap) | some cap in caps})
	message := sprintf("%s has no cap on its total traffic: %s; a limit per caller bounds each caller, not the total, and nothing bounds how many callers there are (a total cap anywhere on the path satisfies this rule)", [route.via, concat("; ", notes)])
}
