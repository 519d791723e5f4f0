# METADATA
# title: Models are configured at run time and cannot be checked
# description: |
#   The workload takes its models, and so the endpoints and operators its prompts reach, from a
#   store the scan cannot read: LiteLLM's `general_settings.store_model_in_db: true` lets anyone
#   with admin access add a deployment (any provider, any api_base) through the UI or API, and the
#   proxy serves it without a change to the scanned files. What such a proxy calls cannot be checked
#   before deploy. The severity follows the workload: high when its endpoints must be known
#   (regulated or sensitive data), medium when the setting comes from a variable the scan cannot
#   read (it may be off), low for a public, unregulated workload.
# custom:
#   id: flag-runtime-model-config
#   category: jurisdiction
#   severity: high
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Declare every deployment in the config's `model_list` and set `store_model_in_db: false`, so a
#     change of model or endpoint goes through review. If models must be managed in the database,
#     restrict who can add them and review the database's model list (`/model/info`) separately;
#     waive this finding with the reason.
package modelgate.rules.jurisdiction.flag_runtime_model_config

import data.modelgate.lib

severity(source) := "high" if {
	lib.endpoint_restricted
	source.certain == true
} else := "medium" if {
	lib.endpoint_restricted
} else := "low"

findings contains lib.graded_finding(rego.metadata.chain(), source, severity(source), message) if {
	some source in object.get(input, "runtimeModels", [])
	message := sprintf("%s: models are configured at run time in the database and cannot be checked; %s may call any endpoint an administrator adds", [
		source.via, object.get(input, ["workload", "resource"], "the workload"),
	])
}
