# METADATA
# title: Model server pulls weights from a public hub at run time
# description: |
#   A self-hosted server that downloads its weights from Hugging Face, ModelScope, the Ollama
#   registry or NGC when it starts depends on a third party at every restart: the weights can
#   change or vanish, and the hub sees which models you run. Weights should be copied into storage
#   the organisation controls and loaded from there (or the server told to stay offline).
# custom:
#   id: disallow-runtime-hub-weights
#   category: self-hosting
#   severity: high
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Mirror the weights into your own object storage, PVC or OCI registry and load them from there
#     (KServe storageUri s3://..., a volume at /models), or set HF_HUB_OFFLINE=1 with a pre-filled cache.
package modelgate.rules.self_hosting.disallow_runtime_hub_weights

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), server, message) if {
	some server in lib.servers
	server.weights.origin == "hub"
	server.weights.offline == false
	message := sprintf("%s server %s downloads %s from %s at run time", [server.kind, server.id, server.weights.ref, server.weights.hub])
}
