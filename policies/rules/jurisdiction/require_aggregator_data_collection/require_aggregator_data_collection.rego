# METADATA
# title: Regulated route through an aggregator allows providers that collect prompts
# description: |
#   Aggregators let a request land on providers that store prompts or train on them unless the
#   route says otherwise. A regulated route through an aggregator must keep its prompts away from
#   providers that may train on them, and from providers that retain them when the organisation
#   policy sets requireZdr. The rule is judged on the providers that can serve the route: `only`,
#   or `order` with `allow_fallbacks: false`, limits them to the named providers; otherwise they
#   are the operators the provider catalogue records as serving the model there (`servedBy`). Their
#   published data policies (`servedBy.<aggregator>.dataPolicies`, verified entries only) decide; a
#   provider without a policy on record, or any provider of a model the catalogue does not know,
#   counts as collecting. `data_collection: deny` (OpenRouter `provider.data_collection`) or zero
#   data retention (`provider.zdr: true`, an enforce_zdr guardrail) anywhere on the path satisfies
#   the rule.
# custom:
#   id: require-aggregator-data-collection
#   category: jurisdiction
#   severity: high
#   since: 0.1.0
#   version: 0.2.0
#   remediation: |
#     Set `provider.data_collection: deny` on the route (LiteLLM `extra_body.provider`, the request
#     defaults or the preset), and `provider.zdr: true` where zero data retention is required; or
#     limit the route to providers whose published policy does neither (`provider.only`, or
#     `provider.order` with `allow_fallbacks: false`).
package modelgate.rules.jurisdiction.require_aggregator_data_collection

import data.modelgate.lib

zdr(route) if object.get(route, ["routing", "zdr"], false) == true

collection_denied(route) if object.get(route, ["routing", "dataCollection"], "allow") == "deny"

collection_denied(route) if zdr(route)

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	aggregator := lib.aggregator(route)
	not collection_denied(route)
	not none_collects(route, aggregator, "training")
	message := sprintf("%s goes through %s without data_collection: deny, %s", [
		route.via, lib.operator(aggregator).name, why(route, aggregator, "training"),
	])
}

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	lib.policy.requireZdr == true
	some route in lib.routes
	aggregator := lib.aggregator(route)
	not zdr(route)
	not none_collects(route, aggregator, "retainsPrompts")
	message := sprintf("%s goes through %s without zero data retention (zdr: true), %s", [
		route.via, lib.operator(aggregator).name, why(route, aggregator, "retainsPrompts"),
	])
}

# Every provider that can serve the route publishes a policy that does not do `field`.
none_collects(route, aggregator, field) if count(lib.data_policy_gaps(route, aggregator, field)) == 0

# The providers that can serve the route and may do `field` (or have no policy on record), else,
# when any provider of the aggregator may serve it, the general reason.
why(route, aggregator, field) := sprintf("and the providers that can serve it include %s", [concat("; ", gaps)]) if {
	gaps := lib.data_policy_gaps(route, aggregator, field)
	count(gaps) > 0
} else := general_reason[field]

general_reason := {
	"training": "so providers that store or train on prompts can serve it",
	"retainsPrompts": "which the organisation policy requires",
}
