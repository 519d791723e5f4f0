package modelgate.lib_operators_test

import data.modelgate.lib
import data.modelgate.rules.jurisdiction.disallow_unknown_operator as unknown_operator
import data.modelgate.test.fixtures as fx

ip_endpoint(host, kind) := fx.endpoint_of_kind(host, kind)

# Loopback and link-local addresses never leave the machine or its link: they stay self-hosted
# whatever the organisation lists.
test_loopback_and_link_local_are_self_hosted_whatever_the_policy_lists if {
	every host in ["127.0.0.1", "127.1.2.3", "169.254.10.20", "0.0.0.0"] {
		lib.self_hosted_endpoint(ip_endpoint(host, "ipv4")) with data.modelgate.policy.internalNetworks as []
	}
	every host in ["[::1]", "[fe80::1]", "[fe80::a00:27ff:fe4e:66a1]"] {
		lib.self_hosted_endpoint(ip_endpoint(host, "ipv6")) with data.modelgate.policy.internalNetworks as []
	}
}

test_public_addresses_are_not_self_hosted if {
	every host in ["8.8.8.8", "169.255.0.1", "1.0.0.1"] {
		not lib.self_hosted_endpoint(ip_endpoint(host, "ipv4"))
	}
	not lib.self_hosted_endpoint(ip_endpoint("[2606:4700::1111]", "ipv6"))
	not lib.self_hosted_endpoint(ip_endpoint("[fec0::1]", "ipv6")) with data.modelgate.policy.internalNetworks as []
}

# The organisation's networks add to the built-in private ranges; only an explicit exclusion takes
# an address back, and loopback and link-local addresses stay local whatever it excludes.
network_cases := [
	# [address, kind, internalNetworks, internalNetworksExclude, self-hosted]
	["10.2.3.4", "ipv4", [], [], true],
	["172.20.0.5", "ipv4", [], [], true],
	["192.168.1.10", "ipv4", [], [], true],
	["[fd12:3456::1]", "ipv6", [], [], true],
	["10.2.3.4", "ipv4", ["100.64.0.0/10"], [], true],
	["192.168.1.10", "ipv4", ["100.64.0.0/10"], [], true],
	["100.64.1.1", "ipv4", ["100.64.0.0/10"], [], true],
	["100.64.1.1", "ipv4", [], [], false],
	["203.0.113.7", "ipv4", ["203.0.113.0/24"], [], true],
	["10.2.3.4", "ipv4", [], ["10.0.0.0/8"], false],
	["10.99.0.8", "ipv4", [], ["10.99.0.0/16"], false],
	["10.98.0.8", "ipv4", [], ["10.99.0.0/16"], true],
	["100.64.1.1", "ipv4", ["100.64.0.0/10"], ["100.64.1.0/24"], false],
	["[fd12:3456::1]", "ipv6", [], ["fc00::/7"], false],
	["127.0.0.1", "ipv4", [], ["127.0.0.0/8", "0.0.0.0/0"], true],
	["169.254.10.20", "ipv4", [], ["0.0.0.0/0"], true],
	["[::1]", "ipv6", [], ["::/0"], true],
]

self_hosted_with(host, kind, networks, exclude) if {
	lib.self_hosted_endpoint(ip_endpoint(host, kind)) with data.modelgate.policy.internalNetworks as networks
		with data.modelgate.policy.internalNetworksExclude as exclude
} else := false

test_internal_networks_add_to_the_defaults_and_exclusions_take_back if {
	every case in network_cases {
		[host, kind, networks, exclude, expected] := case
		self_hosted_with(host, kind, networks, exclude) == expected
	}
}

test_internal_domains_add_to_the_special_use_names_and_exclusions_take_back if {
	lib.self_hosted_endpoint(fx.endpoint_of_kind("vllm.models.svc.cluster.local", "cluster")) with data.modelgate.policy.internalDomains as ["corp.example"]
	lib.self_hosted_endpoint(fx.endpoint("llm.corp.example")) with data.modelgate.policy.internalDomains as ["corp.example"]
	not lib.self_hosted_endpoint(fx.endpoint("vendor.corp.example")) with data.modelgate.policy.internalDomains as ["corp.example"]
		with data.modelgate.policy.internalDomainsExclude as ["vendor.corp.example"]
	not lib.self_hosted_endpoint(fx.endpoint_of_kind("printer.local", "private")) with data.modelgate.policy.internalDomainsExclude as ["local"]
}

test_a_finding_names_the_exclusion if {
	lib.internal_exclusion_note(ip_endpoint("10.2.3.4", "ipv4")) == " (10.2.3.4 is in 10.0.0.0/8, which the organisation policy's internalNetworksExclude takes out of the internal networks)" with data.modelgate.policy.internalNetworksExclude as ["10.0.0.0/8"]
	lib.internal_exclusion_note(ip_endpoint("10.2.3.4", "ipv4")) == ""
	lib.internal_exclusion_note(fx.endpoint_of_kind("printer.local", "private")) == " (printer.local is a name the organisation policy's internalDomainsExclude takes out of the internal domains)" with data.modelgate.policy.internalDomainsExclude as ["local"]
}

test_special_use_names_are_self_hosted if {
	lib.self_hosted_endpoint(ip_endpoint("host.docker.internal", "private"))
	lib.self_hosted_endpoint(ip_endpoint("ollama.local", "private"))
	not lib.self_hosted_endpoint(fx.endpoint("host.docker.example.com"))
}

test_closed_model_operator_of_catalogue_names_only if {
	lib.closed_model_operator({"model": {"id": "qwen-max-latest"}}) == "alibaba"
	long := concat("", ["qwen-max", concat("", [s | some _ in numbers.range(1, 300); s := "/"])])
	not lib.closed_model_operator({"model": {"id": long}})
}

test_closed_model_patterns_as_prefix_or_glob if {
	lib.pattern_matches("qwen-max*", "qwen-max-latest")
	not lib.pattern_matches("qwen-max*", "qwen3-max")
	lib.pattern_matches("qwen-m?x*", "qwen-max-latest")
	not lib.pattern_matches("qwen-m?x*", "qwen-plus")
}

# A local endpoint asked for a closed model is relayed, not self-hosted; open weights there are.
test_local_closed_model_is_relayed if {
	closed := fx.route("r", {"endpoint": fx.endpoint_of_kind("localhost", "localhost"), "model": {"id": "gpt-4o", "raw": "gpt-4o", "resolved": true}})
	open := fx.route("s", {"endpoint": fx.endpoint_of_kind("localhost", "localhost"), "model": {"id": "gpt-oss-20b", "raw": "gpt-oss-20b", "resolved": true}})
	doc := fx.doc(fx.regulated, [closed, open])
	lib.relayed(closed) with input as doc
	not lib.self_hosted(closed) with input as doc
	lib.self_hosted(open) with input as doc
	lib.relay_of(closed).name == "localhost" with input as doc
	unknown_operator.findings != set() with input as doc
}
