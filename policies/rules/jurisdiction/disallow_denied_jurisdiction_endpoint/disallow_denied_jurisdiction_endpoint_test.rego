package modelgate.rules.jurisdiction.disallow_denied_jurisdiction_endpoint_test

import data.modelgate.rules.jurisdiction.disallow_denied_jurisdiction_endpoint as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "disallow-denied-jurisdiction-endpoint", "category": "jurisdiction", "severity": "critical"}

findings_for(classification, host) := result if {
	result := rule.findings with input as fx.doc(classification, [fx.capped_route("r", host, "deepseek-v4-flash")])
}

denied(message) := {fx.finding(rule_meta, "r", message)}

test_fail_direct_host if {
	fx.decided(findings_for(fx.regulated, "api.deepseek.com")) == denied("route r reaches api.deepseek.com, operated by DeepSeek (CN), in a denied jurisdiction (CN) for this workload")
}

test_fail_international_domain_of_chinese_parent if {
	every host, message in {
		"api.moonshot.ai": "route r reaches api.moonshot.ai, operated by Moonshot AI (international platform, Kimi) (CN, part of Moonshot AI (China platform)), in a denied jurisdiction (CN) for this workload",
		"api.z.ai": "route r reaches api.z.ai, operated by Z.ai (Zhipu international platform) (CN, part of Zhipu AI (China platform, BigModel)), in a denied jurisdiction (CN) for this workload",
		"dashscope-intl.aliyuncs.com": "route r reaches dashscope-intl.aliyuncs.com, operated by Alibaba Cloud (Model Studio / DashScope, ModelScope) (CN), in a denied jurisdiction (CN) for this workload",
	} {
		fx.decided(findings_for(fx.regulated, host)) == denied(message)
	}
}

test_fail_subdomain_of_registrable_domain if {
	fx.decided(findings_for(fx.regulated, "eu.api.deepseek.com")) == denied("route r reaches eu.api.deepseek.com, operated by DeepSeek (CN), in a denied jurisdiction (CN) for this workload")
}

test_fail_scoped_cloud_pattern if {
	fx.decided(findings_for(fx.regulated, "token-plan.ap-southeast-1.maas.aliyuncs.com")) == denied("route r reaches token-plan.ap-southeast-1.maas.aliyuncs.com, operated by Alibaba Cloud (Model Studio / DashScope, ModelScope) (CN), in a denied jurisdiction (CN) for this workload")
}

test_fail_alternate_parser_host if {
	route := fx.route("r", {"endpoint": object.union(fx.endpoint("api.openai.com"), {"alternateHosts": ["api.deepseek.com"]})})
	findings := rule.findings with input as fx.doc(fx.regulated, [route])
	fx.decided(findings) == denied("route r reaches api.deepseek.com, operated by DeepSeek (CN), in a denied jurisdiction (CN) for this workload")
}

test_fail_jurisdiction_from_regime_policy if {
	classification := {"dataClass": "internal", "regulated": false, "regimes": ["itar"]}
	findings := findings_for(classification, "api.deepseek.com") with data.modelgate.policy.deniedJurisdictions.regimes as {"itar": ["CN"]}
	fx.decided(findings) == denied("route r reaches api.deepseek.com, operated by DeepSeek (CN), in a denied jurisdiction (CN) for this workload")
}

test_pass_unregulated_workload if findings_for(fx.unregulated, "api.deepseek.com") == set()

# Unclassified, a workload is judged by the shipped strict default (regulated) until its owner
# says otherwise; with no default at all, only require-classification speaks.
test_fail_unclassified_workload_under_the_strict_default if {
	fx.decided(findings_for(null, "api.deepseek.com")) == denied("route r reaches api.deepseek.com, operated by DeepSeek (CN), in a denied jurisdiction (CN) for this workload")
}

test_pass_unclassified_workload_without_default if {
	findings_for(null, "api.deepseek.com") == set() with data.modelgate.policy.defaultClassification as null
}

test_pass_non_denied_operator if findings_for(fx.regulated, "api.openai.com") == set()

# Registrable domains decide, never substrings: deepseek.alayanew.com is a Chinese reseller in
# its own right, deepseekapi.dev is an unknown third party (reported by disallow-unknown-operator).
test_fail_reseller_named_like_a_lab if {
	fx.decided(findings_for(fx.regulated, "deepseek.alayanew.com")) == denied("route r reaches deepseek.alayanew.com, operated by AlayaNew (CN), in a denied jurisdiction (CN) for this workload")
}

test_pass_third_party_named_like_a_lab if findings_for(fx.regulated, "deepseekapi.dev") == set()

test_pass_broad_cloud_domain_outside_pattern if findings_for(fx.regulated, "oss-cn-hangzhou.aliyuncs.com") == set()

test_pass_self_hosted_weights if {
	route := fx.route("r", {"endpoint": fx.endpoint_of_kind("vllm.ml.svc.cluster.local", "cluster")})
	rule.findings == set() with input as fx.doc(fx.regulated, [route])
}

gateway_route(prefix, model) := fx.route("r", {
	"endpoint": fx.endpoint("gateway.ai.cloudflare.com"),
	"provider": {"sdkPrefix": prefix, "keyVar": null, "type": null},
	"model": {"id": model, "raw": model, "resolved": model != null},
})

test_fail_gateway_forwards_to_provider_segment if {
	findings := rule.findings with input as fx.doc(fx.regulated, [gateway_route("deepseek", "deepseek-chat")])
	fx.decided(findings) == denied("route r reaches gateway.ai.cloudflare.com (Cloudflare AI Gateway, forwarding to the provider the request names), operated by DeepSeek (CN), in a denied jurisdiction (CN) for this workload")
}

test_fail_gateway_forwards_by_model_prefix if {
	findings := rule.findings with input as fx.doc(fx.regulated, [gateway_route(null, "moonshotai/kimi-k2.6")])
	fx.decided(findings) == denied("route r reaches gateway.ai.cloudflare.com (Cloudflare AI Gateway, forwarding to the provider the request names), operated by Moonshot AI (China platform) (CN), in a denied jurisdiction (CN) for this workload")
}

test_pass_gateway_to_allowed_provider if rule.findings == set() with input as fx.doc(fx.regulated, [gateway_route("openai", "gpt-5.5")])

test_fail_egress_permission if {
	route := fx.route("r", {"endpoint": fx.endpoint("api.deepseek.com"), "egress": true})
	findings := rule.findings with input as fx.doc(fx.regulated, [route])
	fx.decided(findings) == denied("route r reaches api.deepseek.com, operated by DeepSeek (CN), in a denied jurisdiction (CN) for this workload")
}
