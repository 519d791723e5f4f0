package modelgate.lib_operators_test

import data.modelgate.lib
import data.modelgate.test.fixtures as fx

ip_endpoint(host, kind) := fx.endpoint_of_kind(host, kind)

# Loopback and link-local addresses never leave the machine or its link: they stay self-hosted even
# when the organisation replaces the default internal networks with its own list.
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

# Private ranges come from the organisation policy: without them a 10/8 address is a third party.
test_private_ranges_follow_the_policy if {
	lib.self_hosted_endpoint(ip_endpoint("10.2.3.4", "ipv4")) with data.modelgate.policy.internalNetworks as ["10.0.0.0/8"]
	not lib.self_hosted_endpoint(ip_endpoint("10.2.3.4", "ipv4")) with data.modelgate.policy.internalNetworks as []
	lib.self_hosted_endpoint(ip_endpoint("100.64.1.1", "ipv4")) with data.modelgate.policy.internalNetworks as ["100.64.0.0/10"]
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
}
