package modelgate.lib

# Adapters report every path they see; which of them count is decided here, from the policy:
# - a whole input unknown during preview (a Pulumi env map) counts only for a workload whose
#   endpoints must be known;
# - a forward proxy counts only while it carries a call to an endpoint the organisation does not
#   run (inside, a proxy is the usual egress gateway and adds nothing);
# - a model in the organisation's own cloud account is reported both as a server and as a hosted
#   route of the cloud: policy.ownAccountEndpointsSelfHosted picks the server, else the route.
routes := [route | some route in input.routes; counts(route)]

servers := [server | some server in input.servers; counts_server(server)]

own_account_self_hosted if object.get(policy, "ownAccountEndpointsSelfHosted", true) == true

route_kind(route) := "unknown-input" if {
	route.unknownInput == true
} else := "proxy" if {
	is_array(route.proxyFor)
} else := "own-account" if {
	route.ownAccount == true
} else := "call"

counts(route) if route_kind(route) == "call"

counts(route) if {
	route_kind(route) == "unknown-input"
	endpoint_restricted
}

counts(route) if {
	route_kind(route) == "proxy"
	not route.id in self_hosted_routes
	some id in route.proxyFor
	carried_outside(id)
}

counts(route) if {
	route_kind(route) == "own-account"
	not own_account_self_hosted
}

# A carried route leaves the organisation: it is not self-hosted (a route without an endpoint
# calls its provider's public host).
carried_outside(id) if {
	some route in input.routes
	route.id == id
	not route.id in self_hosted_routes
}

counts_server(server) if not server.ownAccount == true

counts_server(server) if {
	server.ownAccount == true
	own_account_self_hosted
}

# A document that exists only for inputs unknown during preview, none of which counts: nothing to judge.
speculative if {
	count(input.servers) == 0
	count(input.routes) > 0
	every route in input.routes {
		route.unknownInput == true
	}
	count(routes) == 0
}

# Weights fetched over http(s) from a host the organisation runs (a cluster Service, localhost,
# an internal domain or network) come from the organisation: what the URL serves is its own to
# change, so, like a volume or a bucket, their pin cannot be checked from the configuration.
internal_weights(weights) if self_hosted_endpoint({"host": weights.host, "hostKind": weights.hostKind})

pinned_weights(weights) if weights.pin == "pinned"

# The organisation's own storage: a bucket, a volume, a local path, its registry, its hosts.
organization_weights(weights) if weights.origin == "organization"

organization_weights(weights) if internal_weights(weights)

# Weights whose name can move (a hub repo without a commit, a tag), or whose origin is not
# known at all (an unresolved reference, a URL on a host nobody vouches for): require-pinned-weights.
unpinned_weights(weights) if {
	not pinned_weights(weights)
	weights.pin == "unpinned"
}

unpinned_weights(weights) if {
	not pinned_weights(weights)
	weights.origin == "unknown"
	not internal_weights(weights)
}

# Weights from a source that is named but whose contents the configuration cannot fix (a path, a
# PVC, a bucket prefix, an OCI tag in the organisation's registry, a serving image's digest):
# flag-unverifiable-weights, below unpinned in severity.
unverifiable_weights(weights) if {
	weights.pin == "unverifiable"
	not unpinned_weights(weights)
}

# Why the pin cannot be checked, for messages.
unverifiable_reasons := {
	"local-path": "a local path or volume holds whatever was copied into it; nothing in the configuration names a version or digest",
	"object-store": "an object-store prefix can be overwritten under the same name; no object version or digest is given",
	"storage-config": "a bucket from the storage configuration can be overwritten under the same name; no object version or digest is given",
	"oci-tag": "an OCI tag can be pushed again; only an @sha256 digest fixes the image",
	"serving-image": "the image digest pins the server, not the weights: the model profile it downloads is chosen at run time",
	"http-url": "what the URL serves can change; no commit or digest is given",
	"unresolved": "the reference is not known before deploy",
}

default unverifiable_reason(_) := "the configuration does not say which version of the weights is loaded"

unverifiable_reason(weights) := unverifiable_reasons[weights.pinReason]
