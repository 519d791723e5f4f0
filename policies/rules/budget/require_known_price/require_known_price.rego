# METADATA
# title: Token-capped route uses a model without a known price
# description: |
#   The workload has a USD budget, the route's caps are in tokens, and the pricing catalogue has no
#   price for its model, so the worst-case spend cannot be compared with the budget. Routes capped
#   by a USD budget do not need a price, nor do workloads without a USD budget (nothing to compare
#   the spend with), and routes with no cap at all are reported by require-token-cap.
# custom:
#   id: require-known-price
#   category: budget
#   severity: medium
#   since: 0.1.0
#   version: 0.3.0
#   remediation: |
#     Add the model to the pricing catalogue (modelgate catalog import, or a price override in your
#     organisation bundle), name a catalogued model, or cap the route with a USD budget.
package modelgate.rules.budget.require_known_price

import data.modelgate.lib

model_text(route) := sprintf("model %s", [route.model.id]) if is_string(route.model.id)

else := "a model chosen at run time"

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	is_number(lib.classification.budget.usdMonthly)
	some route in lib.routes
	lib.billable(route)
	lib.capped(route)
	not lib.has_usd_cap(route)
	not lib.model_price(route)
	message := sprintf("%s uses %s, which has no price in the pricing catalogue", [route.via, model_text(route)])
}
