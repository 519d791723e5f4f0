# METADATA
# title: Regulated workload reaches an operator in a denied jurisdiction
# description: |
#   A workload classified as regulated sends prompts to an API host operated by a company whose
#   parent is headquartered in a denied jurisdiction (CN by default). Under China's 2017 National
#   Intelligence Law such an operator must cooperate with state intelligence work whatever its
#   privacy policy or server location, so the host itself is the exposure. International domains
#   and offshore subsidiaries count as their parent company.
# custom:
#   id: disallow-denied-jurisdiction-endpoint
#   category: jurisdiction
#   severity: critical
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Point the route at an operator outside the denied jurisdictions, or serve the same open
#     weights yourself (vLLM, SGLang, TGI) and point the route at that in-cluster endpoint.
package modelgate.rules.jurisdiction.disallow_denied_jurisdiction_endpoint

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	route.endpoint != null
	not lib.self_hosted(route)
	some [host, operator] in lib.endpoint_operators(route)
	lib.in_denied_jurisdiction(operator)
	message := sprintf("%s reaches %s%s, operated by %s, in a denied jurisdiction (%s) for this workload", [
		route.via, host, lib.gateway_note(route), lib.operator_label(operator), lib.denied_list,
	])
}
