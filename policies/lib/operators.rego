package modelgate.lib

index := data.modelgate.index

# Every suffix of a host that could be a registrable domain: a.b.example.com → a.b.example.com, b.example.com, example.com.
host_suffixes(host) := [suffix |
	labels := split(host, ".")
	some i in numbers.range(0, count(labels) - 2)
	suffix := concat(".", array.slice(labels, i, count(labels)))
]

# The operator of a host: an exact API host first, then the longest registrable-domain match,
# then a pattern scoped to a broad cloud domain (dashscope*.aliyuncs.com). Never a substring match.
# Patterns are indexed by the domain they sit under, so only a handful are ever tried.
host_operator(host) := op if {
	op := index.hosts[host]
} else := op if {
	ops := [op | some suffix in host_suffixes(host); op := index.domains[suffix]]
	op := ops[0]
} else := op if {
	ops := [p.operator |
		some suffix in host_suffixes(host)
		some p in index.patternsByDomain[suffix]
		glob.match(p.pattern, ["."], host)
	]
	op := ops[0]
}

operator(id) := index.operators[id]

in_denied_jurisdiction(id) if index.operators[id].jurisdiction in denied_jurisdictions

operator_label(id) := index.operators[id].label

# [host, operator] pairs a route's endpoint can reach: its host (through a gateway, the provider it
# forwards to) and every host another URL parser would read from the same text.
endpoint_operators(route) := array.concat(
	[[route.endpoint.host, op] | op := host_operators[route.id]],
	[[host, op] | some host in route.endpoint.alternateHosts; op := host_operator(host)],
)

# " (Cloudflare AI Gateway, forwarding ...)" for routes through a gateway, "" otherwise.
gateway_note(route) := sprintf(" (%s, forwarding to the provider the request names)", [index.operators[gateway_of[route.id]].name]) if {
	gateway_of[route.id]
} else := ""

# Internal domains: the organisation's (policy.internalDomains) in addition to the special-use
# names every site has (cluster-local Service names, localhost, *.local, host.docker.internal, told
# apart by the host classification), less the names policy.internalDomainsExclude takes back.
internal_host(host) if {
	some domain in policy.internalDomains
	under_domain(host, lower(domain))
	not excluded_host(host)
}

under_domain(host, domain) if host == domain

under_domain(host, domain) if endswith(host, concat("", [".", domain]))

excluded_host(host) if {
	some domain in object.get(policy, "internalDomainsExclude", [])
	under_domain(host, lower(domain))
}

ip_host(host) := trim(host, "[]")

# Addresses that never leave the machine or its link, whatever the organisation lists or
# excludes: loopback, link-local (169.254/16, fe80::/10) and the unspecified address clients use
# for "this host".
local_networks := ["127.0.0.0/8", "::1/128", "169.254.0.0/16", "fe80::/10", "0.0.0.0/32"]

# The private ranges every organisation's own networks live in (RFC 1918, IPv6 unique local
# addresses). The organisation's policy.internalNetworks add to them (100.64.0.0/10 for CGNAT
# or a tailnet, its own public ranges); policy.internalNetworksExclude takes addresses back, a
# default range included (a partner VPN in 10/8), and findings on such an address say so.
builtin_internal_networks := ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]

internal_networks := array.concat(builtin_internal_networks, policy.internalNetworks)

# The exclusion that takes an address back, if one does.
excluded_network(ip) := network if {
	some network in object.get(policy, "internalNetworksExclude", [])
	net.cidr_contains(network, ip)
}

# Endpoints the organisation runs itself: cluster names, localhost, special-use names only the
# machine or site resolves (host.docker.internal, *.local), configured internal domains, loopback
# and link-local addresses and addresses in the built-in or configured internal networks.
self_hosted_endpoint(endpoint) if {
	endpoint.hostKind in {"cluster", "localhost", "private"}
	not excluded_host(endpoint.host)
}

self_hosted_endpoint(endpoint) if {
	endpoint.hostKind in {"ipv4", "ipv6"}
	some network in local_networks
	net.cidr_contains(network, ip_host(endpoint.host))
}

self_hosted_endpoint(endpoint) if internal_host(endpoint.host)

self_hosted_endpoint(endpoint) if {
	endpoint.hostKind in {"ipv4", "ipv6"}
	ip := ip_host(endpoint.host)
	some network in internal_networks
	net.cidr_contains(network, ip)
	not excluded_network(ip)
}

# " (10.1.2.3 is in 10.0.0.0/8, which policy.internalNetworksExclude takes out of the internal
# networks)": why an address or name the defaults call internal is judged as a third party's.
internal_exclusion_note(endpoint) := sprintf(" (%s is in %s, which the organisation policy's internalNetworksExclude takes out of the internal networks)", [ip, network]) if {
	endpoint.hostKind in {"ipv4", "ipv6"}
	ip := ip_host(endpoint.host)
	network := excluded_network(ip)
} else := sprintf(" (%s is a name the organisation policy's internalDomainsExclude takes out of the internal domains)", [endpoint.host]) if {
	excluded_host(endpoint.host)
} else := ""

# A route without an endpoint whose SDK prefix defaults to a local server (ollama/ → localhost).
local_default(route) if {
	route.endpoint == null
	route.unresolvedEndpoint == null
	index.localPrefixes[route.provider.sdkPrefix]
}

# Facts about each route are computed once per document and looked up by route id, because
# every rule family asks the same questions about the same routes.
# A relay (one-api, new-api, a proxy, a local endpoint asked for a closed model) runs in-cluster
# but forwards prompts to an operator the scan cannot see, so its route is never self-hosted.
relayed(route) if adapter_relay(route)

relayed(route) if closed_model_relays[route.id]

# A relay the adapters found (one-api, new-api, a proxy whose upstream is not in the scan).
adapter_relay(route) if is_object(route.relay)

has_unverified_service(route) if is_object(route.unverifiedService)

# What a relayed route reaches, {name, reason}: the relay the adapters found, else a local
# endpoint asked for a closed model.
relay_of(route) := route.relay if {
	is_object(route.relay)
} else := closed_model_relays[route.id]

# A loopback, private or internal endpoint asked for a closed model (Claude, GPT and o-series,
# Gemini, a denied lab's API model) holds no such weights: it forwards the prompts to an operator
# of that model, or wherever it is configured to (claude-code-proxy, a LiteLLM proxy on
# localhost, a corporate gateway). It is a relay to an operator the scan cannot see, unless the
# scan shows what answers there: an in-cluster Service it holds (a LiteLLM or one-api proxy whose
# own routes are judged, a model server), or a model server of the same workload (a sidecar).
closed_model_relays[route.id] := relay if {
	some route in input.routes
	not adapter_relay(route)
	not has_unverified_service(route)
	local_endpoint(route)
	not answered_in_scan(route)
	not reached_through_scan(route)
	operators := closed_model_operators(route.model.id)
	relay := {
		"name": local_endpoint_name(route),
		"reason": sprintf("it is asked for %s, a closed model that only %s serve%s, so it forwards the prompts to one of them or wherever it is configured to", [
			route.model.id, concat(", ", [operator_label(op) | some op in operators]), verb_s(operators),
		]),
	}
}

verb_s(list) := "s" if count(list) == 1

else := ""

# The operators of a closed model name: a Western lab's family, else a denied lab's API model.
closed_model_operators(model) := ops if {
	ops := closed_family(model).operators
} else := [op] if {
	op := closed_model_operator({"model": {"id": model}})
}

local_endpoint(route) if {
	route.endpoint.hostKind != "cluster"
	self_hosted_endpoint(route.endpoint)
}

local_endpoint(route) if local_default(route)

# The adapters followed the client's address to this endpoint through what the scan holds (a
# Service and the proxy behind it), or the endpoint is a forward proxy for a route judged on its
# own (hostAliases sending a public host to an internal address): the scan shows what answers.
reached_through_scan(route) if count(object.get(route, "reachedThrough", [])) > 0

reached_through_scan(route) if count(object.get(route, "proxyFor", [])) > 0

# The workload itself runs a model server (a sidecar the client calls at localhost).
answered_in_scan(route) if {
	count(input.servers) > 0
	route.endpoint.hostKind in {"localhost", "ipv4", "ipv6"}
}

local_endpoint_name(route) := route.endpoint.host if route.endpoint != null

else := sprintf("the local default server of %s/", [route.provider.sdkPrefix])

# An in-cluster name whose Service is not in the scan: still counted as self-hosted (it is in the
# cluster), but the claim is unverified, which the jurisdiction rules report for regulated workloads.
unverified_service(route) if {
	is_object(route.unverifiedService)
	not relayed(route)
}

self_hosted_routes contains route.id if {
	some route in input.routes
	not relayed(route)
	self_hosted_endpoint(route.endpoint)
}

self_hosted_routes contains route.id if {
	some route in input.routes
	local_default(route)
}

self_hosted(route) if route.id in self_hosted_routes

hosted(route) if not route.id in self_hosted_routes

# How the operator of a route is known, when it has no explicit endpoint.
prefix_operators[route.id] := op if {
	some route in input.routes
	route.endpoint == null
	route.unresolvedEndpoint == null
	op := index.prefixes[lower(route.provider.sdkPrefix)]
}

key_operators[route.id] := op if {
	some route in input.routes
	route.endpoint == null
	route.unresolvedEndpoint == null
	not prefix_operators[route.id]
	not local_default(route)
	op := index.keyVars[route.provider.keyVar]
}

host_operators[route.id] := op if {
	some route in input.routes
	not route.id in self_hosted_routes
	op := host_operator(route.endpoint.host)
	not index.operators[op].kind == "gateway"
}

# A gateway (Cloudflare AI Gateway, Portkey, Helicone) forwards to the provider the request names:
# the provider segment or config (SDK prefix), else the model's org prefix. That provider is the
# operator; the gateway itself only relays.
gateway_of[route.id] := op if {
	some route in input.routes
	not route.id in self_hosted_routes
	op := host_operator(route.endpoint.host)
	index.operators[op].kind == "gateway"
}

host_operators[route.id] := op if {
	some route in input.routes
	gateway_of[route.id]
	op := gateway_upstream(route)
}

gateway_upstream(route) := op if {
	op := index.prefixes[lower(route.provider.sdkPrefix)]
} else := op if {
	op := model_origin(route)
}

prefix_operator(route) := prefix_operators[route.id]

key_operator(route) := key_operators[route.id]

# The operator that receives the route's prompts, by whichever evidence names it.
route_operator(route) := op if {
	op := host_operators[route.id]
} else := op if {
	op := prefix_operators[route.id]
} else := op if {
	op := key_operators[route.id]
}

# Routes whose endpoint cannot be known statically: an unresolved value, or nothing that names an operator.
unresolved_routes contains route.id if {
	some route in input.routes
	route.unresolvedEndpoint != null
}

unresolved_routes contains route.id if {
	some route in input.routes
	route.endpoint == null
	route.unresolvedEndpoint == null
	not prefix_operators[route.id]
	not key_operators[route.id]
	not local_default(route)
}

unresolved_routes contains route.id if {
	some route in input.routes
	gateway_of[route.id]
	not gateway_upstream(route)
}

unresolved(route) if route.id in unresolved_routes

aggregator(route) := id if {
	id := route_operator(route)
	index.operators[id].kind == "aggregator"
}
