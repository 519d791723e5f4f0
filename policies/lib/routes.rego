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
# an internal domain or network) cannot change unless the organisation changes them.
internal_weights(weights) if self_hosted_endpoint({"host": weights.host, "hostKind": weights.hostKind})

pinned_weights(weights) if weights.pinned == true

pinned_weights(weights) if internal_weights(weights)
