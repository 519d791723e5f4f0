# METADATA
# title: Regulated workload selects a denied-jurisdiction provider by SDK prefix
# description: |
#   A route names no endpoint, but its SDK or gateway provider prefix (LiteLLM `deepseek/`,
#   `moonshot/`, `dashscope/`, Portkey `provider: zhipu`) makes the client send prompts to that
#   provider's default API host, which is operated in a denied jurisdiction.
# custom:
#   id: disallow-denied-jurisdiction-provider-prefix
#   category: jurisdiction
#   severity: critical
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Use a provider outside the denied jurisdictions, or keep the model and point the route's
#     api_base at weights you serve yourself (for example `hosted_vllm/` with an in-cluster URL).
package modelgate.rules.jurisdiction.disallow_denied_jurisdiction_provider_prefix

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	operator := lib.prefix_operator(route)
	lib.in_denied_jurisdiction(operator)
	message := sprintf("%s uses provider prefix \"%s/\", which sends prompts to %s, in a denied jurisdiction (%s) for this workload", [
		route.via, route.provider.sdkPrefix, lib.operator_label(operator), lib.denied_list,
	])
}
