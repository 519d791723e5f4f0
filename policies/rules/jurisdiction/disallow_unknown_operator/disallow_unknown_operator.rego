# METADATA
# title: Regulated workload reaches an endpoint whose operator is unknown
# description: |
#   The route's host is neither a known operator's API host nor an endpoint the organisation runs.
#   Deny-lists cannot keep up with vanity CNAMEs, relays (one-api, new-api), resellers and lookalike
#   domains, so for workloads with denied jurisdictions every endpoint must have a known operator.
#   An in-cluster relay whose upstream is not in the scan counts as unknown too, and so does a
#   loopback, private or internal endpoint asked for a closed model (`claude-*`, `gpt-*`, `o3`,
#   `gemini-*`, a denied lab's API model): nobody runs those weights locally, so it forwards the
#   prompts (claude-code-proxy, a LiteLLM proxy on localhost), unless the scan holds what answers
#   there (an in-cluster Service whose own routes are judged, a model server of the workload).
# custom:
#   id: disallow-unknown-operator
#   category: jurisdiction
#   severity: high
#   since: 0.1.0
#   version: 0.2.0
#   remediation: |
#     Use a known operator's API host, or, if the host is your own gateway or model server, add its
#     domain to the organisation policy's internalDomains (or its network to internalNetworks).
#     A local endpoint asked for a closed model is a relay whatever its address: call the model's
#     operator directly, or scan the relay's own configuration with the client (a LiteLLM or
#     one-api Service in the cluster is judged on its own routes).
package modelgate.rules.jurisdiction.disallow_unknown_operator

import data.modelgate.lib

lookalike_note(route) := sprintf(" (it imitates %s)", [route.endpoint.lookalikeOf]) if {
	is_string(route.endpoint.lookalikeOf)
} else := ""

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	lib.relayed(route)
	relay := lib.relay_of(route)
	message := sprintf("%s reaches %s, which relays prompts to an operator the scan cannot see: %s", [
		route.via, relay.name, relay.reason,
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
