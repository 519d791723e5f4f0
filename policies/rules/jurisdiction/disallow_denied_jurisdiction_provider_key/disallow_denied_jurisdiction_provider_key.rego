# METADATA
# title: Regulated workload carries a denied-jurisdiction provider key
# description: |
#   A provider key variable such as DEEPSEEK_API_KEY or DASHSCOPE_API_KEY, with no base URL
#   overriding it, makes SDKs and agents call that provider's default API host, which is operated
#   in a denied jurisdiction.
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
