package modelgate.rules.self_hosting.require_self_hosted_for_sensitive_test

import data.modelgate.rules.self_hosting.require_self_hosted_for_sensitive as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "require-self-hosted-for-sensitive", "category": "self-hosting", "severity": "critical"}

findings_for(classification, route) := result if {
	result := rule.findings with input as fx.doc(classification, [route])
}

test_fail_us_hosted_api if {
	findings := findings_for(fx.confidential, fx.capped_route("r", "api.openai.com", "gpt-5.5"))
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r sends confidential data to the hosted API of OpenAI (US)")}
}

test_fail_restricted_via_key if {
	route := fx.route("r", {"provider": {"sdkPrefix": null, "keyVar": "ANTHROPIC_API_KEY", "type": null}})
	fx.decided(findings_for({"dataClass": "restricted"}, route)) == {fx.finding(rule_meta, "r", "route r sends restricted data to the hosted API of Anthropic (US)")}
}

test_fail_unknown_host if {
	findings := findings_for(fx.confidential, fx.route("r", {"endpoint": fx.endpoint("gpu-box.example.net")}))
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r sends confidential data to the hosted API of gpu-box.example.net")}
}

test_fail_hosted_nvidia_catalogue if {
	findings := findings_for(fx.confidential, fx.capped_route("r", "integrate.api.nvidia.com", "deepseek-ai/deepseek-v4-flash"))
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r sends confidential data to the hosted API of NVIDIA API catalog (hosted NIM) (US)")}
}

test_fail_ollama_cloud_model if {
	server := object.union(fx.server("ollama", {}), {"kind": "ollama", "hostedModels": ["kimi-k2:1t-cloud"]})
	findings := rule.findings with input as fx.with_fields(fx.doc(fx.confidential, []), {"servers": [server]})
	fx.decided(findings) == {fx.finding(rule_meta, "ollama", "ollama server ollama forwards model kimi-k2:1t-cloud to a hosted service")}
}

test_pass_in_cluster_weights if {
	route := fx.route("r", {"endpoint": fx.endpoint_of_kind("vllm.ml.svc.cluster.local", "cluster")})
	findings_for(fx.confidential, route) == set()
}

test_pass_unresolved_is_reported_elsewhere if {
	route := fx.route("r", {"unresolvedEndpoint": {"raw": "${X}", "reason": "environment reference"}})
	findings_for(fx.confidential, route) == set()
}

test_pass_internal_data if findings_for(fx.unregulated, fx.capped_route("r", "api.openai.com", "gpt-5.5")) == set()

test_pass_egress_permission if {
	route := fx.route("r", {"endpoint": fx.endpoint("api.openai.com"), "egress": true})
	findings_for(fx.confidential, route) == set()
}
