# METADATA
# title: Regulated workload carries a denied-jurisdiction provider key
# description: |
#   A provider key variable such as DEEPSEEK_API_KEY or DASHSCOPE_API_KEY, with no base URL
#   overriding it, makes SDKs and agents call that provider's default API host, which is operated
#   in a denied jurisdiction (`critical`).
#
#   The key is also the best evidence left when the route's endpoint is hidden: a LiteLLM
#   deployment with `api_key: os.environ/DEEPSEEK_API_KEY` and an `api_base` from the environment,
#   a container whose base URL may come from an `envFrom` Secret not in the scan, or a host or relay
#   whose operator is unknown. Such a route most likely calls the key's operator; it is reported
#   here as `high`, beside disallow-unresolved-endpoint or disallow-unknown-operator, so a denied
#   operator's key never hides behind an unknown endpoint. A key variable no route accounts for (a
#   ConfigMap without consumer, a `.env` blob) is reported by flag-unattributed-llm-reference.
#   Like the other jurisdiction rules it applies to workloads whose classification denies the
#   jurisdiction, which includes unclassified workloads under the strict default.
# custom:
#   id: disallow-denied-jurisdiction-provider-key
#   category: jurisdiction
#   severity: critical
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Remove the key from the workload and use a provider outside the denied jurisdictions, or
#     serve the model yourself and give the workload that endpoint instead.
package modelgate.rules.jurisdiction.disallow_denied_jurisdiction_provider_key

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	operator := lib.key_operator(route)
	lib.in_denied_jurisdiction(operator)
	message := sprintf("%s sets %s, which makes clients call %s, in a denied jurisdiction (%s) for this workload", [
		route.via, route.provider.keyVar, lib.operator_label(operator), lib.denied_list,
	])
}

# An endpoint the scan cannot name: unresolved, a relay, or a host whose operator is not known.
hidden_endpoint(route) if lib.unresolved(route)

hidden_endpoint(route) if lib.relayed(route)

hidden_endpoint(route) if {
	route.endpoint != null
	not lib.self_hosted(route)
	not lib.host_operator(route.endpoint.host)
}

findings contains lib.graded_finding(rego.metadata.chain(), route, "high", message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	hidden_endpoint(route)
	not ends_at_closed_model_operator(route)
	operator := lib.index.keyVars[route.provider.keyVar]
	lib.in_denied_jurisdiction(operator)
	message := sprintf("%s passes %s, the API key of %s, to an endpoint the scan cannot name: the requests most likely go to %s, in a denied jurisdiction (%s) for this workload", [
		route.via, route.provider.keyVar, lib.operator_label(operator), lib.operator(operator).name, lib.denied_list,
	])
}

# A closed model only a denied operator serves already ends the route there
# (disallow-denied-jurisdiction-closed-model says so at the same line): the key adds nothing.
ends_at_closed_model_operator(route) if {
	not lib.aggregator(route)
	lib.in_denied_jurisdiction(lib.closed_model_operator(route))
}
