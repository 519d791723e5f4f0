package modelgate.rules.jurisdiction.disallow_unresolved_endpoint_test

import data.modelgate.rules.jurisdiction.disallow_unresolved_endpoint as rule
import data.modelgate.test.fixtures as fx

unresolved_route := fx.route("r", {"unresolvedEndpoint": {"raw": "${LLM_BASE}", "reason": "environment reference ${LLM_BASE}"}})

test_fail_regulated if {
	some f in rule.findings with input as fx.doc(fx.regulated, [unresolved_route])
	f.ruleId == "disallow-unresolved-endpoint"
	contains(f.message, "${LLM_BASE}")
}

test_fail_sensitive if count(rule.findings) == 1 with input as fx.doc(fx.confidential, [unresolved_route])

test_fail_nothing_names_an_operator if {
	route := fx.route("r", {"provider": {"sdkPrefix": "hosted_vllm", "keyVar": null, "type": "hosted_vllm"}})
	some f in rule.findings with input as fx.doc(fx.regulated, [route])
	contains(f.message, "no endpoint")
}

test_pass_local_prefix if {
	route := fx.route("r", {"provider": {"sdkPrefix": "ollama", "keyVar": null, "type": null}})
	count(rule.findings) == 0 with input as fx.doc(fx.regulated, [route])
}

test_pass_public_workload if count(rule.findings) == 0 with input as fx.doc({"dataClass": "public", "regulated": false}, [unresolved_route])

test_fail_gateway_without_named_provider if {
	route := fx.route("r", {"endpoint": fx.endpoint("gateway.ai.cloudflare.com")})
	count(rule.findings) == 1 with input as fx.doc(fx.regulated, [route])
}
