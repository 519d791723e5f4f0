package modelgate.rules.jurisdiction.disallow_denied_jurisdiction_endpoint_test

import data.modelgate.rules.jurisdiction.disallow_denied_jurisdiction_endpoint as rule
import data.modelgate.test.fixtures as fx

findings_for(classification, host) := result if {
	result := rule.findings with input as fx.doc(classification, [fx.capped_route("r", host, "deepseek-v4-flash")])
}

test_fail_direct_host if {
	some f in findings_for(fx.regulated, "api.deepseek.com")
	f.ruleId == "disallow-denied-jurisdiction-endpoint"
	f.severity == "critical"
	f.category == "jurisdiction"
	f.resource == "Deployment/prod/chat"
	f.subject == "r"
	f.source == fx.source
	contains(f.message, "api.deepseek.com")
	contains(f.message, "DeepSeek")
}

test_fail_international_domain_of_chinese_parent if {
	count(findings_for(fx.regulated, "api.moonshot.ai")) == 1
	count(findings_for(fx.regulated, "api.z.ai")) == 1
	count(findings_for(fx.regulated, "dashscope-intl.aliyuncs.com")) == 1
}

test_fail_subdomain_of_registrable_domain if count(findings_for(fx.regulated, "eu.api.deepseek.com")) == 1

test_fail_scoped_cloud_pattern if count(findings_for(fx.regulated, "token-plan.ap-southeast-1.maas.aliyuncs.com")) == 1

test_fail_alternate_parser_host if {
	route := fx.route("r", {"endpoint": object.union(fx.endpoint("api.openai.com"), {"alternateHosts": ["api.deepseek.com"]})})
	some f in rule.findings with input as fx.doc(fx.regulated, [route])
	contains(f.message, "api.deepseek.com")
}

test_fail_jurisdiction_from_regime_policy if {
	classification := {"dataClass": "internal", "regulated": false, "regimes": ["itar"]}
	count(findings_for(classification, "api.deepseek.com")) == 1 with data.modelgate.policy.deniedJurisdictions.regimes as {"itar": ["CN"]}
}

test_pass_unregulated_workload if count(findings_for(fx.unregulated, "api.deepseek.com")) == 0

test_pass_unclassified_workload if count(findings_for(null, "api.deepseek.com")) == 0

test_pass_non_denied_operator if count(findings_for(fx.regulated, "api.openai.com")) == 0

# Registrable domains decide, never substrings: deepseek.alayanew.com is a Chinese reseller in
# its own right, deepseekapi.dev is an unknown third party (reported by disallow-unknown-operator).
test_fail_reseller_named_like_a_lab if {
	some f in findings_for(fx.regulated, "deepseek.alayanew.com")
	contains(f.message, "AlayaNew")
}

test_pass_third_party_named_like_a_lab if count(findings_for(fx.regulated, "deepseekapi.dev")) == 0

test_pass_broad_cloud_domain_outside_pattern if count(findings_for(fx.regulated, "oss-cn-hangzhou.aliyuncs.com")) == 0

test_pass_self_hosted_weights if {
	route := fx.route("r", {"endpoint": fx.endpoint_of_kind("vllm.ml.svc.cluster.local", "cluster")})
	count(rule.findings) == 0 with input as fx.doc(fx.regulated, [route])
}

gateway_route(prefix, model) := fx.route("r", {
	"endpoint": fx.endpoint("gateway.ai.cloudflare.com"),
	"provider": {"sdkPrefix": prefix, "keyVar": null, "type": null},
	"model": {"id": model, "raw": model, "resolved": model != null},
})

test_fail_gateway_forwards_to_provider_segment if {
	some f in rule.findings with input as fx.doc(fx.regulated, [gateway_route("deepseek", "deepseek-chat")])
	contains(f.message, "DeepSeek")
}

test_fail_gateway_forwards_by_model_prefix if count(rule.findings) == 1 with input as fx.doc(fx.regulated, [gateway_route(null, "moonshotai/kimi-k2.6")])

test_pass_gateway_to_allowed_provider if count(rule.findings) == 0 with input as fx.doc(fx.regulated, [gateway_route("openai", "gpt-5.5")])

test_fail_egress_permission if {
	route := fx.route("r", {"endpoint": fx.endpoint("api.deepseek.com"), "egress": true})
	count(rule.findings) == 1 with input as fx.doc(fx.regulated, [route])
}
