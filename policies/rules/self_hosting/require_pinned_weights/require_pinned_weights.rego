# METADATA
# title: Model server weights are not pinned
# description: |
#   The server loads weights by a name that can change under it: a hub repository without a
#   commit revision, a mutable tag, or an image tag instead of a digest. A pinned reference makes
#   what runs reviewable and reproducible.
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

findings contains lib.finding(rego.metadata.chain(), server, message) if {
	some server in lib.servers
	not lib.pinned_weights(server.weights)
	message := sprintf("%s server %s loads %s without a pinned revision or digest", [server.kind, server.id, ref(server)])
}
