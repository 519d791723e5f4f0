# METADATA
# title: LLM-using workload without a classification
# description: |
#   Every workload that calls an LLM must say what data it handles and whether it is regulated, so
#   that the jurisdiction, self-hosting and budget rules judge it as its owner means. Until it says
#   so, it is judged by the organisation's `policy.defaultClassification`, shipped strict
#   (`regulated: true`): a new user sees the jurisdiction findings of an unclassified workload on
#   the first run, beside this one. The rule fires whatever the default is, because a default is a
#   guess about the workload, not its owner's word; an organisation that accepts its default as
#   classification turns the rule off (`rules: {require-classification: off}`).
# custom:
#   id: require-classification
#   category: classification
#   severity: high
#   since: 0.1.0
#   version: 0.2.0
#   remediation: |
#     Classify the workload in any one of these ways, nearest first:
#     - `modelgate.dev/data-class` and `modelgate.dev/regulated` labels or annotations on the
#       resource, its pod template or its Namespace (Pulumi: the same keys as tags or labels,
#       `modelgate_data-class` where `.` and `/` are not allowed);
#     - a `WorkloadClassification` document (schemas/workload-classification.schema.json) beside
#       the gateway config or manifest;
#     - a `classification.paths` mapping from file globs in `modelgate.yaml`;
#     - for a Pulumi stack, the stack config `modelgate:classification`;
#     - `policy.defaultClassification` in `modelgate.yaml`, which sets the classification of every
#       workload that has none (and `rules: {require-classification: off}` to accept it).
package modelgate.rules.classification.require_classification

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), input.workload, message) if {
	count(lib.routes) > 0
	not is_object(input.classification)
	count(input.classificationErrors) == 0
	message := sprintf("%s calls %d LLM route(s) but has no classification; %s", [
		input.workload.resource,
		count(lib.routes),
		judged_as,
	])
}

judged_as := sprintf("until it is classified it is judged as policy.defaultClassification %s", [json.marshal(lib.policy.defaultClassification)]) if {
	is_object(lib.policy.defaultClassification)
} else := "policy.defaultClassification is null, so no jurisdiction or self-hosting rule applies to it"
