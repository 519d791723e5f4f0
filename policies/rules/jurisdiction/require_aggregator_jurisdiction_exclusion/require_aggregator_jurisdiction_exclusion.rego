# METADATA
# title: Regulated route through an aggregator that may pick a denied-jurisdiction operator
# description: |
#   Aggregators such as OpenRouter choose the operator per request, by price by default, and
#   route open-weight models (DeepSeek, Qwen, Kimi, GLM, MiniMax) to their Chinese operators and
#   Chinese resellers among others. A regulated route through an aggregator must carry routing
#   preferences that exclude every operator in a denied jurisdiction: an `only` list of allowed
#   providers, an `order` with `allow_fallbacks: false`, or an `ignore` list naming all of them.
#   A model that only a denied-jurisdiction operator serves (closed weights) has no compliant route.
# custom:
#   id: require-aggregator-jurisdiction-exclusion
#   category: jurisdiction
#   severity: high
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Add provider routing preferences to the route (OpenRouter `provider.only: [...]` with
#     providers outside the denied jurisdictions, or `provider.order` plus `allow_fallbacks: false`),
#     or call a direct operator outside the denied jurisdictions. For a model only a denied operator
#     serves, pick another model.
package modelgate.rules.jurisdiction.require_aggregator_jurisdiction_exclusion

import data.modelgate.lib

model_name(route) := route.model.id if route.model.id != null

else := "a model chosen at run time"

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	aggregator := lib.aggregator(route)
	operator := lib.closed_model_operator(route)
	lib.in_denied_jurisdiction(operator)
	message := sprintf("%s asks %s for %s, which only %s serves; no routing preference makes this route compliant", [
		route.via, lib.operator(aggregator).name, route.model.id, lib.operator_label(operator),
	])
}

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	aggregator := lib.aggregator(route)
	not closed_outside_denied(route)
	not closed_inside_denied(route)
	not lib.routing_excludes_denied(route, aggregator)
	message := sprintf("%s sends %s through %s without routing preferences that exclude operators in %s (set provider.only, or provider.order with allow_fallbacks: false)", [
		route.via, model_name(route), lib.operator(aggregator).name, lib.denied_list,
	])
}

closed_outside_denied(route) if {
	operator := lib.closed_model_operator(route)
	not lib.in_denied_jurisdiction(operator)
}

closed_inside_denied(route) if lib.in_denied_jurisdiction(lib.closed_model_operator(route))
