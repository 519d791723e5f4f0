# METADATA
# title: Regulated or sensitive workload has an endpoint that cannot be resolved
# description: |
#   The endpoint is named through indirection the scan cannot follow (an environment reference,
#   a Secret not in the scan, a template, a runtime choice), or is written so that it cannot be
#   parsed. For regulated and sensitive workloads an unknown endpoint could be any operator, so it
#   fails closed instead of passing. When the variable names around the route carry a word the
#   provider catalogue ties to an operator (DEEPSEEK_API_KEY, VOLCES_REGION, DASHSCOPE_WORKSPACE in
#   the same container or LiteLLM deployment), the finding names that operator as the likely one.
#   A provider prefix that names no operator the catalogue knows (a typo, a provider added after the
#   catalogue, a team's own name) is said to be one, and its fix says how to declare it.
# custom:
#   id: disallow-unresolved-endpoint
#   category: jurisdiction
#   severity: high
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Include the ConfigMap or Secret that holds the endpoint in the scanned files, or write the
#     endpoint literally in the manifest or gateway config so it can be checked before deploy.
package modelgate.rules.jurisdiction.disallow_unresolved_endpoint

import data.modelgate.lib

reason(route) := sprintf("%s (%s)", [route.unresolvedEndpoint.raw, route.unresolvedEndpoint.reason]) if {
	route.unresolvedEndpoint != null
} else := sprintf("provider prefix \"%s/\" is not one the catalogue knows, and nothing else names an operator", [prefix_of(route)]) if {
	unknown_prefix(route)
} else := sprintf("provider prefix \"%s/\" is a LiteLLM provider the catalogue assigns no operator to, and nothing else names an operator", [prefix_of(route)]) if {
	unassigned_prefix(route)
} else := "no endpoint, provider prefix or provider key that names an operator"

providers := data.modelgate.catalog.providers

prefix_of(route) := lower(route.provider.sdkPrefix)

# A prefix that names no operator: not in the catalogue, not generic (openai, hosted_vllm), not local.
named_but_unknown(route) if {
	route.endpoint == null
	route.unresolvedEndpoint == null
	is_string(route.provider.sdkPrefix)
	not lib.index.prefixes[prefix_of(route)]
	not prefix_of(route) in {p | some p in providers.genericPrefixes}
}

unassigned_prefix(route) if {
	named_but_unknown(route)
	prefix_of(route) in {p | some p in object.get(providers, ["unassignedPrefixes", "prefixes"], [])}
}

unknown_prefix(route) if {
	named_but_unknown(route)
	not unassigned_prefix(route)
}

prefix_remedy(route) := sprintf(`The provider prefix "%s/" names no operator Modelgate knows. If it is a typo, fix it; if it is a provider (or your own name for one), declare it in an organisation pack: an operator in data/providers.json with "sdkPrefixes": ["%s"], its jurisdiction and hosts (modelgate bundle build --data data). Or write the deployment's api_base literally, so the host decides. An endpoint hidden in a variable or Secret is a different case: include that file in the scan.`, [prefix_of(route), prefix_of(route)])

findings contains lib.remedied_finding(rego.metadata.chain(), route, prefix_remedy(route), message) if {
	lib.endpoint_restricted
	some route in lib.routes
	lib.unresolved(route)
	named_but_unknown(route)
	message := sprintf("%s has an endpoint that cannot be resolved before deploy: %s", [route.via, reason(route)])
}

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.endpoint_restricted
	some route in lib.routes
	lib.unresolved(route)
	not named_but_unknown(route)
	message := sprintf("%s has an endpoint that cannot be resolved before deploy: %s%s", [route.via, reason(route), likely(route)])
}

# "; likely DeepSeek (CN), from DEEPSEEK_API_KEY" when names around the route point at an operator.
likely(route) := sprintf("; likely %s", [text]) if {
	text := lib.hint_text(route)
	text != ""
} else := ""
