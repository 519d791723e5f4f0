package modelgate.lib_routes_test

import data.modelgate.lib
import data.modelgate.rules.classification.require_valid_classification as valid
import data.modelgate.rules.self_hosting.flag_unverifiable_weights as unverifiable
import data.modelgate.rules.self_hosting.require_pinned_weights as pinned
import data.modelgate.test.fixtures as fx

unknown_input := object.union(
	fx.route("unknown/environment", {"unresolvedEndpoint": {"raw": "unknown during preview", "reason": "unknown during preview"}}),
	{"unknownInput": true},
)

route_ids(document) := ids if {
	ids := {route.id | some route in lib.routes} with input as document
}

test_unknown_input_counts_where_endpoints_must_be_known if {
	route_ids(fx.doc(fx.regulated, [unknown_input])) == {"unknown/environment"}
	route_ids(fx.doc(fx.confidential, [unknown_input])) == {"unknown/environment"}
	route_ids(fx.doc(fx.unregulated, [unknown_input])) == set()
	route_ids(fx.doc(null, [unknown_input])) == {"unknown/environment"}
	route_ids(fx.doc(null, [unknown_input])) == set() with data.modelgate.policy.defaultClassification as null
}

test_unknown_input_follows_sensitive_data_classes if {
	ids := route_ids(fx.doc(fx.unregulated, [unknown_input])) with data.modelgate.policy.sensitiveDataClasses as ["internal"]
	ids == {"unknown/environment"}
}

test_speculative_document_reports_no_classification_errors if {
	document := fx.with_fields(fx.doc(fx.unregulated, [unknown_input]), {"classificationErrors": [{"message": "bad", "source": fx.source}]})
	count(valid.findings) == 0 with input as document
	count(valid.findings) == 1 with input as fx.with_fields(document, {"classification": fx.regulated})
}

proxy(host, carried) := object.union(fx.route("proxy", {"endpoint": fx.endpoint(host), "egress": true}), {"proxyFor": carried})

cluster_route := fx.route("cluster", {"endpoint": fx.endpoint_of_kind("vllm.models.svc", "cluster")})

network_route := fx.route("network", {"endpoint": fx.endpoint_of_kind("10.1.2.3", "ipv4")})

hosted_route := fx.capped_route("hosted", "api.openai.com", "gpt-5.5")

test_proxy_counts_while_it_carries_a_call_outside if {
	route_ids(fx.doc(fx.regulated, [hosted_route, cluster_route, proxy("proxy.example.net", ["hosted", "cluster"])])) == {"hosted", "cluster", "proxy"}
	route_ids(fx.doc(fx.regulated, [cluster_route, proxy("proxy.example.net", ["cluster"])])) == {"cluster"}
}

test_proxy_follows_internal_networks if {
	document := fx.doc(fx.regulated, [network_route, proxy("proxy.example.net", ["network"])])
	route_ids(document) == {"network"}
	ids := route_ids(document) with data.modelgate.policy.internalNetworksExclude as ["10.0.0.0/8"]
	ids == {"network", "proxy"}
}

test_proxy_inside_follows_internal_domains if {
	document := fx.doc(fx.regulated, [hosted_route, proxy("egress.corp.example", ["hosted"])])
	route_ids(document) == {"hosted", "proxy"}
	ids := route_ids(document) with data.modelgate.policy.internalDomains as ["corp.example"]
	ids == {"hosted"}
}

own_route := object.union(fx.route("model/m", {"provider": {"sdkPrefix": "vertex_ai", "keyVar": null, "type": null}}), {"ownAccount": true})

own_server := object.union(fx.server("model/m", {}), {"ownAccount": true})

server_ids(document) := ids if {
	ids := {server.id | some server in lib.servers} with input as document
}

test_own_account_model_is_a_server_or_a_hosted_route if {
	document := fx.with_fields(fx.doc(fx.confidential, [own_route]), {"servers": [own_server]})
	route_ids(document) == set()
	server_ids(document) == {"model/m"}
	ids := route_ids(document) with data.modelgate.policy.ownAccountEndpointsSelfHosted as false
	ids == {"model/m"}
	servers := server_ids(document) with data.modelgate.policy.ownAccountEndpointsSelfHosted as false
	servers == set()
}

url_server(host, kind) := fx.server("s", {"ref": concat("", ["https://", host, "/m.gguf"]), "origin": "unknown", "revision": null, "pin": "unverifiable", "pinReason": "http-url", "host": host, "hostKind": kind})

# weights from a host the organisation runs are its own storage: unverifiable, not unpinned
test_weights_from_an_internal_host_are_the_organisations if {
	count(pinned.findings) == 0 with input as fx.with_fields(fx.doc(fx.regulated, []), {"servers": [url_server("models.svc", "cluster")]})
	count(unverifiable.findings) == 1 with input as fx.with_fields(fx.doc(fx.regulated, []), {"servers": [url_server("models.svc", "cluster")]})
	count(pinned.findings) == 0 with input as fx.with_fields(fx.doc(fx.regulated, []), {"servers": [url_server("10.0.0.9", "ipv4")]})
	document := fx.with_fields(fx.doc(fx.regulated, []), {"servers": [url_server("models.corp.example", "dns")]})
	count(pinned.findings) == 1 with input as document
	count(unverifiable.findings) == 0 with input as document
	count(pinned.findings) == 0 with input as document with data.modelgate.policy.internalDomains as ["corp.example"]
}
