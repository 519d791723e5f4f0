# METADATA
# title: LLM-using workload without a classification
# description: |
#   Every workload that calls an LLM must say what data it handles and whether it is regulated, so
#   that the jurisdiction, self-hosting and budget rules can apply. Classification comes from
#   modelgate.dev/ labels or annotations on the resource, its pod template or its Namespace, from a
#   WorkloadClassification document, or from the organisation's default.
# custom:
#   id: require-classification
#   category: classification
#   severity: high
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Add modelgate.dev/data-class and modelgate.dev/regulated labels (or annotations) to the
#     workload or its Namespace, or a WorkloadClassification document beside the gateway config.
package modelgate.rules.classification.require_classification

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), input.workload, message) if {
	count(lib.routes) > 0
	lib.classification == null
	count(input.classificationErrors) == 0
	message := sprintf("%s calls %d LLM route(s) but has no classification", [input.workload.resource, count(lib.routes)])
}
