# METADATA
# title: Rule evaluation failed
# description: |
#   The rule bundle could not evaluate a document: the runtime failed, ran out of memory, or was
#   given a document that is not a canonical LLMUsage document. The document is treated as
#   failing, never as compliant.
# custom:
#   id: evaluation-error
#   category: input
#   severity: critical
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Report the message with the input that caused it; the scan fails closed until it is fixed.
package modelgate.rules.input.evaluation_error

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), {"source": {"file": "", "line": 0, "column": 0, "pointer": ""}}, message) if {
	not canonical_document
	message := "the input is not a modelgate.dev/v1 LLMUsage document"
}

canonical_document if {
	input.apiVersion == "modelgate.dev/v1"
	input.kind == "LLMUsage"
	is_object(input.workload)
	is_array(input.routes)
	is_array(input.servers)
}
