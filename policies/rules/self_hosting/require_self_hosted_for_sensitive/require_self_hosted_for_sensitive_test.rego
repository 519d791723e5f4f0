package modelgate.rules.self_hosting.require_self_hosted_for_sensitive_test

import data.modelgate.rules.self_hosting.require_self_hosted_for_sensitive as rule
import data.modelgate.test.fixtures as fx

findings_for(classification, route) := result if {
	result := rule.findings with input as fx.doc(classification, [route])
}

test_fail_us_hosted_api if {
	some f in findings_for(fx.confidential, fx.capped_route("r", "api.openai.com", "gpt-5.5"))
	f.ruleId == "require-self-hosted-for-sensitive"
	contains(f.message, "OpenAI")
	contains(f.message, "confidential")
}

test_fail_restricted_via_key if {
	route := fx.route("r", {"provider": {"sdkPrefix": null, "keyVar": "ANTHROPIC_API_KEY", "type": null}})
	count(findings_for({"dataClass": "restricted"}, route)) == 1
}

test_fail_unknown_host if count(findings_for(fx.confidential, fx.route("r", {"endpoint": fx.endpoint("gpu-box.example.net")}))) == 1

test_fail_hosted_nvidia_catalogue if count(findings_for(fx.confidential, fx.capped_route("r", "integrate.api.nvidia.com", "deepseek-ai/deepseek-v4-flash"))) == 1

test_fail_ollama_cloud_model if {
	server := object.union(fx.server("ollama", {}), {"kind": "ollama", "hostedModels": ["kimi-k2:1t-cloud"]})
	findings := rule.findings with input as fx.with_fields(fx.doc(fx.confidential, []), {"servers": [server]})
	some f in findings
	contains(f.message, "kimi-k2:1t-cloud")
}

test_pass_in_cluster_weights if {
	route := fx.route("r", {"endpoint": fx.endpoint_of_kind("vllm.ml.svc.cluster.local", "cluster")})
	count(findings_for(fx.confidential, route)) == 0
}

test_pass_unresolved_is_reported_elsewhere if {
	route := fx.route("r", {"unresolvedEndpoint": {"raw": "${X}", "reason": "environment reference"}})
	count(findings_for(fx.confidential, route)) == 0
}

test_pass_internal_data if count(findings_for(fx.unregulated, fx.capped_route("r", "api.openai.com", "gpt-5.5"))) == 0

test_pass_egress_permission if {
	route := fx.route("r", {"endpoint": fx.endpoint("api.openai.com"), "egress": true})
	count(findings_for(fx.confidential, route)) == 0
}
