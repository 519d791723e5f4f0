# METADATA
# title: Regulated route through an aggregator allows providers that collect prompts
# description: |
#   Aggregators let a request land on providers that store prompts or train on them unless the
#   route says otherwise. A regulated route through an aggregator must deny data collection
#   (OpenRouter `provider.data_collection: deny`), and require zero data retention as well when the
#   organisation policy sets requireZdr (`provider.zdr: true` or an enforce_zdr guardrail).
# custom:
#   id: require-aggregator-data-collection
#   category: jurisdiction
#   severity: high
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Set `provider.data_collection: deny` on the route (LiteLLM `extra_body.provider`, the request
#     defaults or the preset), and `provider.zdr: true` where zero data retention is required.
package modelgate.rules.jurisdiction.require_aggregator_data_collection

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	aggregator := lib.aggregator(route)
	not object.get(route, ["routing", "dataCollection"], "allow") == "deny"
	message := sprintf("%s goes through %s without data_collection: deny, so providers that store or train on prompts can serve it", [
		route.via, lib.operator(aggregator).name,
	])
}

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	lib.policy.requireZdr == true
	some route in lib.routes
	aggregator := lib.aggregator(route)
	not object.get(route, ["routing", "zdr"], false) == true
	message := sprintf("%s goes through %s without zero data retention (zdr: true), which the organisation policy requires", [
		route.via, lib.operator(aggregator).name,
	])
}
