# METADATA
# title: Model server weights whose pin cannot be checked
# description: |
#   The server loads weights from a source that is named but whose contents the configuration
#   cannot fix: a local path or volume (a PVC, a hostPath), an object-store prefix (s3://, gs://,
#   Azure Blob, a KServe storage-config bucket), an OCI model image by tag, or a NIM whose image is
#   pinned by digest while the model profile it downloads is chosen at run time. The source may be
#   the organisation's own, but nothing says which version of the weights is there, so a review
#   cannot tell what runs. Severity is medium for workloads handling sensitive data (confidential
#   or restricted by default) and low otherwise; weights by a name that can move are
#   require-pinned-weights, below which this rule sits.
# custom:
#   id: flag-unverifiable-weights
#   category: self-hosting
#   severity: medium
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Name the version of the weights in the reference: an OCI model image (KServe oci:// modelcar,
#     a Kubernetes image volume) by @sha256 digest, an object version (s3://...?versionId=,
#     gs://...#generation), a Hugging Face cache snapshot path (.../snapshots/<commit>), a NIMCache
#     whose puller image is pinned by digest with its model profiles listed, or a hub repository at
#     a 40-character commit loaded offline. If the storage is immutable by other means, waive the
#     finding with that justification.
package modelgate.rules.self_hosting.flag_unverifiable_weights

import data.modelgate.lib

severity := "medium" if lib.sensitive

else := "low"

ref(server) := server.weights.ref if is_string(server.weights.ref)

else := "weights of unknown origin"

source(server) := " from the organisation's storage" if lib.organization_weights(server.weights)

else := ""

findings contains lib.graded_finding(rego.metadata.chain(), server, severity, message) if {
	some server in lib.servers
	lib.unverifiable_weights(server.weights)
	message := sprintf("%s server %s loads %s%s, but its pin cannot be checked: %s", [server.kind, server.id, ref(server), source(server), lib.unverifiable_reason(server.weights)])
}
