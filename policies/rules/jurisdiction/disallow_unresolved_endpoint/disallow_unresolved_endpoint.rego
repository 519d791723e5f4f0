# METADATA
# title: Regulated or sensitive workload has an endpoint that cannot be resolved
# description: |
#   The endpoint is named through indirection the scan cannot follow (an environment reference,
#   a Secret not in the scan, a template, a runtime choice), or is written so that it cannot be
#   parsed. For regulated and sensitive workloads an unknown endpoint could be any operator, so it
#   fails closed instead of passing. When the variable names around the route carry a word the
#   provider catalogue ties to an operator (DEEPSEEK_API_KEY, VOLCES_REGION, DASHSCOPE_WORKSPACE in
#   the same container or LiteLLM deployment), the finding names that operator as the likely one.
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
} else := "no endpoint, provider prefix or provider key that names an operator"

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.endpoint_restricted
	some route in lib.routes
	lib.unresolved(route)
	message := sprintf("%s has an endpoint that cannot be resolved before deploy: %s%s", [route.via, reason(route), likely(route)])
}

# "; likely DeepSeek (CN), from DEEPSEEK_API_KEY" when names around the route point at an operator.
likely(route) := sprintf("; likely %s", [text]) if {
	text := lib.hint_text(route)
	text != ""
} else := ""
