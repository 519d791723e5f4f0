# METADATA
# title: Model server weights are not pinned
# description: |
#   The server loads weights by a name that can change under it: a hub repository without a
#   commit revision, a mutable tag, or an image tag instead of a digest; or from a reference whose
#   origin is not known at all. A pinned reference makes what runs reviewable and reproducible.
#   Weights from a source that is named but whose contents cannot be checked from the
#   configuration (a volume, a bucket prefix, an OCI tag, a NIM image digest) are
#   flag-unverifiable-weights.
# custom:
#   id: require-pinned-weights
#   category: self-hosting
#   severity: medium
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Pin the weights: pass a 40-character commit hash as --revision (vLLM, SGLang, TGI REVISION),
#     reference images and OCI model artifacts by @sha256 digest, or load from organisation storage.
package modelgate.rules.self_hosting.require_pinned_weights

import data.modelgate.lib

ref(server) := server.weights.ref if is_string(server.weights.ref)

else := "weights of unknown origin"

why(weights) := sprintf(" (%s is a tag, which can be moved)", [weights.revision]) if {
	weights.pinReason in {"image-tag", "model-tag", "mutable-revision"}
	is_string(weights.revision)
}

else := ""

findings contains lib.finding(rego.metadata.chain(), server, message) if {
	some server in lib.servers
	lib.unpinned_weights(server.weights)
	message := sprintf("%s server %s loads %s without a pinned revision or digest%s", [server.kind, server.id, ref(server), why(server.weights)])
}
