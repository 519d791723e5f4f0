# METADATA
# title: Sensitive workload reaches a third-party hosted API
# description: |
#   Workloads handling sensitive data (confidential or restricted by default) may only use weights
#   the organisation runs itself. Any hosted API counts, in any jurisdiction: US clouds, model labs,
#   aggregators, NVIDIA's hosted catalogue and Ollama's `-cloud` models alike. An egress permission
#   (a ServiceEntry host) sends nothing by itself and is left to the jurisdiction rules.
# custom:
#   id: require-self-hosted-for-sensitive
#   category: self-hosting
#   severity: critical
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Serve the model inside your own infrastructure (vLLM, SGLang, TGI, NIM, KServe) and point the
#     route at that endpoint, or reclassify the workload if it does not handle sensitive data.
package modelgate.rules.self_hosting.require_self_hosted_for_sensitive

import data.modelgate.lib

operator_text(route) := label if {
	label := lib.operator_label(lib.route_operator(route))
} else := route.endpoint.host

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.sensitive
	some route in lib.routes
	lib.hosted(route)
	not route.egress == true
	not lib.unresolved(route)
	message := sprintf("%s sends %s data to the hosted API of %s", [route.via, lib.classification.dataClass, operator_text(route)])
}

findings contains lib.finding(rego.metadata.chain(), server, message) if {
	lib.sensitive
	some server in lib.servers
	some model in server.hostedModels
	message := sprintf("%s server %s forwards model %s to a hosted service", [server.kind, server.id, model])
}
