# METADATA
# title: Regulated route asks a relay or hidden endpoint for a closed model only a denied-jurisdiction operator serves
# description: |
#   Closed-weight models such as Alibaba's qwen-max, qwen-plus, qwen-flash and qwen-turbo,
#   ByteDance's Doubao, Baidu's ERNIE API models, Tencent's Hunyuan API models or Zhipu's
#   GLM-4-Plus are served by one operator only. Whoever the first hop is (a relay such as one-api
#   or new-api behind a generic `openai/` prefix, a host the provider catalogue does not know, an
#   in-cluster Service the scan cannot see, a gateway, or an endpoint that cannot be resolved), a
#   request for such a model ends at that operator. The finding names both the first hop and the
#   final operator. Open-weight models (Qwen3 open weights, DeepSeek-V3, Kimi K2) can be served by
#   anyone and are judged by their first hop as before; aggregators are judged by
#   require-aggregator-jurisdiction-exclusion. The closed model patterns, each with the note that
#   backs it, are `closedModels` and `closedModelPatterns` in the provider catalogue.
# custom:
#   id: disallow-denied-jurisdiction-closed-model
#   category: jurisdiction
#   severity: critical
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Pick a model that an operator outside the denied jurisdictions serves (or open weights you
#     serve yourself), and point the route at that operator or your own server. Relaying the
#     request does not change who receives the prompts.
package modelgate.rules.jurisdiction.disallow_denied_jurisdiction_closed_model

import data.modelgate.lib

# The first hop of a route that forwards to an operator the scan cannot name: a relay, an
# unverified in-cluster Service, a host the catalogue does not know, a gateway, or a hidden endpoint.
first_hop(route) := sprintf("%s (a relay)", [lib.relay_of(route).name]) if {
	lib.relayed(route)
} else := sprintf("%s (an in-cluster Service the scan does not hold)", [route.endpoint.host]) if {
	lib.unverified_service(route)
} else := sprintf("%s (operator not in the provider catalogue)", [route.endpoint.host]) if {
	route.endpoint != null
	not lib.self_hosted(route)
	not lib.host_operator(route.endpoint.host)
} else := sprintf("%s (%s)", [route.endpoint.host, lib.operator(op).name]) if {
	op := lib.gateway_of[route.id]
} else := sprintf("an endpoint that cannot be resolved (%s)", [route.unresolvedEndpoint.raw]) if {
	route.unresolvedEndpoint != null
} else := "an endpoint nothing in the scan names" if {
	lib.unresolved(route)
}

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	not lib.aggregator(route)
	operator := lib.closed_model_operator(route)
	lib.in_denied_jurisdiction(operator)
	not reaches_group(route, operator)
	hop := first_hop(route)
	message := sprintf("%s sends %s to %s; %s is a closed model only %s serves, so the prompts end there, in a denied jurisdiction (%s) for this workload", [
		route.via, route.model.id, hop, route.model.id, lib.operator_label(operator), lib.denied_list,
	])
}

# The route already names the operator's group (its host, or a gateway forwarding to it): the
# endpoint and prefix rules report it.
reaches_group(route, operator) if lib.operator(lib.route_operator(route)).parent == lib.operator(operator).parent
