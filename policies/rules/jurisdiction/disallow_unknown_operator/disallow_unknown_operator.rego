# METADATA
# title: Regulated workload reaches an endpoint whose operator is unknown
# description: |
#   The route's host is neither a known operator's API host nor an endpoint the organisation runs.
#   Deny-lists cannot keep up with vanity CNAMEs, relays (one-api, new-api), resellers and lookalike
#   domains, so for workloads with denied jurisdictions every endpoint must have a known operator.
#   An in-cluster relay whose upstream is not in the scan counts as unknown too.
# custom:
#   id: disallow-unknown-operator
#   category: jurisdiction
#   severity: high
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Use a known operator's API host, or, if the host is your own gateway or model server, add its
#     domain to the organisation policy's internalDomains (or its network to internalNetworks).
package modelgate.rules.jurisdiction.disallow_unknown_operator

import data.modelgate.lib

lookalike_note(route) := sprintf(" (it imitates %s)", [route.endpoint.lookalikeOf]) if {
	is_string(route.endpoint.lookalikeOf)
} else := ""

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	lib.relayed(route)
	message := sprintf("%s reaches %s, which relays prompts to an operator the scan cannot see: %s", [
		route.via, route.relay.name, route.relay.reason,
	])
}

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	route.endpoint != null
	not lib.relayed(route)
	not lib.self_hosted(route)
	not lib.host_operator(route.endpoint.host)
	message := sprintf("%s reaches %s, whose operator is not in the provider catalogue%s%s", [
		route.via, route.endpoint.host, lookalike_note(route), lib.internal_exclusion_note(route.endpoint),
	])
}
