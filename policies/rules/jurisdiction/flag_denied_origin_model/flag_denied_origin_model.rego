# METADATA
# title: Workload uses a model trained in a denied jurisdiction
# description: |
#   Optional and disabled by default. Self-hosting open weights from a lab in a denied
#   jurisdiction removes the legal exposure of its API, so model origin is not part of the default
#   policy; organisations that also restrict model origin enable this rule.
# custom:
#   id: flag-denied-origin-model
#   category: jurisdiction
#   severity: low
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Replace the model with one from an allowed origin, or record a waiver if the origin is accepted.
package modelgate.rules.jurisdiction.flag_denied_origin_model

import data.modelgate.lib

denied_origin(operator) if lib.operator(operator).jurisdiction in {j | some j in lib.policy.deniedOrigins}

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	some route in lib.routes
	operator := lib.model_origin(route)
	denied_origin(operator)
	message := sprintf("%s uses %s, a model from %s", [route.via, route.model.id, lib.operator_label(operator)])
}

findings contains lib.finding(rego.metadata.chain(), server, message) if {
	some server in lib.servers
	org := lower(split(server.model, "/")[0])
	operator := lib.index.openWeightOrgs[org]
	denied_origin(operator)
	message := sprintf("%s server %s serves %s, a model from %s", [server.kind, server.id, server.model, lib.operator_label(operator)])
}
