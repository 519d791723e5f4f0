# METADATA
# title: Workload classification is invalid
# description: |
#   A classification label, annotation or WorkloadClassification document does not match the
#   schema (schemas/workload-classification.schema.json): an unknown data class, a non-boolean
#   regulated flag, a budget that is not a number, an unknown modelgate.dev/ key. An invalid
#   classification is never treated as no restriction.
# custom:
#   id: require-valid-classification
#   category: classification
#   severity: high
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Fix the value named in the message; the allowed keys and values are listed in the README's
#     label contract.
package modelgate.rules.classification.require_valid_classification

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), problem, problem.message) if {
	not lib.speculative
	some problem in input.classificationErrors
}
