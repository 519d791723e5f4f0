package modelgate.rules.jurisdiction.disallow_unresolved_endpoint_test

import data.modelgate.rules.jurisdiction.disallow_unresolved_endpoint as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "disallow-unresolved-endpoint", "category": "jurisdiction", "severity": "high"}

unresolved_route := fx.route("r", {"unresolvedEndpoint": {"raw": "${LLM_BASE}", "reason": "environment reference ${LLM_BASE}"}})

findings_for(classification, route) := result if {
	result := rule.findings with input as fx.doc(classification, [route])
}

test_fail_regulated if {
	fx.decided(findings_for(fx.regulated, unresolved_route)) == {fx.finding(rule_meta, "r", "route r has an endpoint that cannot be resolved before deploy: ${LLM_BASE} (environment reference ${LLM_BASE})")}
}

test_fail_sensitive if {
	fx.decided(findings_for(fx.confidential, unresolved_route)) == {fx.finding(rule_meta, "r", "route r has an endpoint that cannot be resolved before deploy: ${LLM_BASE} (environment reference ${LLM_BASE})")}
}

test_fail_nothing_names_an_operator if {
	route := fx.route("r", {"provider": {"sdkPrefix": "hosted_vllm", "keyVar": null, "type": "hosted_vllm"}})
	fx.decided(findings_for(fx.regulated, route)) == {fx.finding(rule_meta, "r", "route r has an endpoint that cannot be resolved before deploy: no endpoint, provider prefix or provider key that names an operator")}
}

test_pass_local_prefix if {
	findings_for(fx.regulated, fx.route("r", {"provider": {"sdkPrefix": "ollama", "keyVar": null, "type": null}})) == set()
}

test_pass_public_workload if findings_for({"dataClass": "public", "regulated": false}, unresolved_route) == set()

test_fail_gateway_without_named_provider if {
	route := fx.route("r", {"endpoint": fx.endpoint("gateway.ai.cloudflare.com")})
	fx.decided(findings_for(fx.regulated, route)) == {fx.finding(rule_meta, "r", "route r has an endpoint that cannot be resolved before deploy: no endpoint, provider prefix or provider key that names an operator")}
}

# An unknown prefix says so, and its remedy says how to declare it (not how to find a hidden endpoint).
test_fail_unknown_prefix_names_it if {
	route := fx.route("r", {"provider": {"sdkPrefix": "acme_llm", "keyVar": null, "type": null}})
	findings := findings_for(fx.regulated, route)
	fx.decided(findings) == {fx.finding(rule_meta, "r", `route r has an endpoint that cannot be resolved before deploy: provider prefix "acme_llm/" is not one the catalogue knows, and nothing else names an operator`)}
	[remedy] := [f.remediation | some f in findings]
	contains(remedy, `"sdkPrefixes": ["acme_llm"]`)
	contains(remedy, "organisation pack")
}

test_fail_unassigned_prefix if {
	route := fx.route("r", {"provider": {"sdkPrefix": "databricks", "keyVar": null, "type": null}})
	fx.decided(findings_for(fx.regulated, route)) == {fx.finding(rule_meta, "r", `route r has an endpoint that cannot be resolved before deploy: provider prefix "databricks/" is a LiteLLM provider the catalogue assigns no operator to, and nothing else names an operator`)}
}

test_hidden_endpoint_keeps_general_remedy if {
	[remedy] := [f.remediation | some f in findings_for(fx.regulated, unresolved_route)]
	contains(remedy, "Include the ConfigMap or Secret")
}

test_fail_names_the_likely_operator if {
	route := fx.route("r", {
		"unresolvedEndpoint": {"raw": "os.environ/CUSTOM_BASE", "reason": "LiteLLM environment reference os.environ/CUSTOM_BASE"},
		"nameHints": [{"variable": "DEEPSEEK_API_KEY", "word": "DEEPSEEK"}],
	})
	fx.decided(findings_for(fx.regulated, route)) == {fx.finding(rule_meta, "r", "route r has an endpoint that cannot be resolved before deploy: os.environ/CUSTOM_BASE (LiteLLM environment reference os.environ/CUSTOM_BASE); likely DeepSeek (CN), from DEEPSEEK_API_KEY")}
}

test_fail_names_every_likely_operator_once if {
	route := fx.route("r", {
		"unresolvedEndpoint": {"raw": "${LLM_BASE}", "reason": "environment reference ${LLM_BASE}"},
		"nameHints": [
			{"variable": "VOLCES_REGION", "word": "VOLCES"},
			{"variable": "ARK_API_KEY", "word": "ARK"},
			{"variable": "DASHSCOPE_WORKSPACE", "word": "DASHSCOPE"},
		],
	})
	fx.decided(findings_for(fx.regulated, route)) == {fx.finding(rule_meta, "r", "route r has an endpoint that cannot be resolved before deploy: ${LLM_BASE} (environment reference ${LLM_BASE}); likely Alibaba Cloud (Model Studio / DashScope, ModelScope) (CN), from DASHSCOPE_WORKSPACE, or ByteDance (Volcengine Ark, Coze) (CN), from ARK_API_KEY, VOLCES_REGION")}
}

test_unknown_word_adds_nothing if {
	route := fx.route("r", {
		"unresolvedEndpoint": {"raw": "${LLM_BASE}", "reason": "environment reference ${LLM_BASE}"},
		"nameHints": [{"variable": "FOO_KEY", "word": "FOO"}],
	})
	fx.decided(findings_for(fx.regulated, route)) == {fx.finding(rule_meta, "r", "route r has an endpoint that cannot be resolved before deploy: ${LLM_BASE} (environment reference ${LLM_BASE})")}
}
