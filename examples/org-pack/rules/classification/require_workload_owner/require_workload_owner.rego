# METADATA
# title: LLM-using workload without an owner
# description: |
#   Acme's AI use policy: every workload that calls an LLM names the team that answers for it, so
#   an incident, a budget overrun or a jurisdiction finding reaches someone. The owner comes from
#   the modelgate.dev/owner label or annotation (on the resource, its pod template or its
#   Namespace) or from the owner of a WorkloadClassification document.
# custom:
#   id: require-workload-owner
#   category: classification
#   severity: medium
#   since: 1.0.0
#   version: 1.0.0
#   remediation: |
#     Add a modelgate.dev/owner label or annotation naming the owning team to the workload or its
#     Namespace, or an owner to its WorkloadClassification document.
package modelgate.rules.classification.require_workload_owner

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), input.workload, message) if {
	count(input.routes) > 0
	input.classification != null
	not has_owner
	message := sprintf("%s calls %d LLM route(s) but names no owner", [input.workload.resource, count(input.routes)])
}

has_owner if trim_space(input.classification.owner) != ""
