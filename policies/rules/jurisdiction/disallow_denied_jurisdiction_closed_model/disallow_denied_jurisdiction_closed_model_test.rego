package modelgate.rules.jurisdiction.disallow_denied_jurisdiction_closed_model_test

import data.modelgate.rules.jurisdiction.disallow_denied_jurisdiction_closed_model as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "disallow-denied-jurisdiction-closed-model", "category": "jurisdiction", "severity": "critical"}

model(id) := {"model": {"id": id, "raw": concat("", ["openai/", id]), "resolved": true}}

openai_type := {"provider": {"sdkPrefix": "openai", "keyVar": null, "type": "openai"}}

relay_route(id) := fx.route("r", object.union_n([openai_type, model(id), {"endpoint": fx.endpoint("some-relay.example.com")}]))

findings_for(classification, route) := result if {
	result := rule.findings with input as fx.doc(classification, [route])
}

alibaba := "Alibaba Cloud (Model Studio / DashScope, ModelScope) (CN)"

test_fail_unknown_relay_host if {
	fx.decided(findings_for(fx.regulated, relay_route("qwen-max"))) == {fx.finding(rule_meta, "r", sprintf("route r sends qwen-max to some-relay.example.com (operator not in the provider catalogue); qwen-max is a closed model only %s serves, so the prompts end there, in a denied jurisdiction (CN) for this workload", [alibaba]))}
}

test_fail_pattern_variants if {
	every id, label in {
		"qwen-plus-2025-07-28": alibaba,
		"qwen-flash": alibaba,
		"qwen-turbo-latest": alibaba,
		"doubao-seed-1.6": "ByteDance (Volcengine Ark, Coze) (CN)",
		"ernie-x1-turbo-32k": "Baidu AI Cloud (Qianfan) (CN)",
		"hunyuan-turbos-latest": "Tencent (Hunyuan, LKEAP, TokenHub) (CN)",
		"glm-4-plus": "Zhipu AI (China platform, BigModel) (CN)",
		"moonshot-v1-8k": "Moonshot AI (China platform) (CN)",
	} {
		fx.decided(findings_for(fx.regulated, relay_route(id))) == {fx.finding(rule_meta, "r", sprintf("route r sends %s to some-relay.example.com (operator not in the provider catalogue); %s is a closed model only %s serves, so the prompts end there, in a denied jurisdiction (CN) for this workload", [id, id, label]))}
	}
}

test_fail_in_cluster_relay if {
	route := fx.route("r", object.union_n([
		openai_type, model("qwen-max"),
		{"endpoint": fx.endpoint_of_kind("one-api.llm", "cluster"), "relay": {"name": "one-api Deployment llm/one-api", "reason": "its channels are configured at run time"}},
	]))
	fx.decided(findings_for(fx.regulated, route)) == {fx.finding(rule_meta, "r", sprintf("route r sends qwen-max to one-api Deployment llm/one-api (a relay); qwen-max is a closed model only %s serves, so the prompts end there, in a denied jurisdiction (CN) for this workload", [alibaba]))}
}

test_fail_unverified_service if {
	route := fx.route("r", object.union_n([
		openai_type, model("qwen-max"),
		{"endpoint": fx.endpoint_of_kind("llm-gateway.ai", "cluster"), "unverifiedService": {"name": "Service ai/llm-gateway", "reason": "not in the scan"}},
	]))
	fx.decided(findings_for(fx.regulated, route)) == {fx.finding(rule_meta, "r", sprintf("route r sends qwen-max to llm-gateway.ai (an in-cluster Service the scan does not hold); qwen-max is a closed model only %s serves, so the prompts end there, in a denied jurisdiction (CN) for this workload", [alibaba]))}
}

test_fail_hidden_endpoint if {
	route := fx.route("r", object.union_n([openai_type, model("qwen-max"), {"unresolvedEndpoint": {"raw": "os.environ/RELAY_BASE", "reason": "LiteLLM environment reference"}}]))
	fx.decided(findings_for(fx.regulated, route)) == {fx.finding(rule_meta, "r", sprintf("route r sends qwen-max to an endpoint that cannot be resolved (os.environ/RELAY_BASE); qwen-max is a closed model only %s serves, so the prompts end there, in a denied jurisdiction (CN) for this workload", [alibaba]))}
}

test_fail_nothing_names_the_endpoint if {
	route := fx.route("r", object.union_n([{"provider": {"sdkPrefix": "hosted_vllm", "keyVar": null, "type": "hosted_vllm"}}, model("qwen-max")]))
	fx.decided(findings_for(fx.regulated, route)) == {fx.finding(rule_meta, "r", sprintf("route r sends qwen-max to an endpoint nothing in the scan names; qwen-max is a closed model only %s serves, so the prompts end there, in a denied jurisdiction (CN) for this workload", [alibaba]))}
}

test_pass_gateway_forwarding_to_the_operator if {
	route := fx.route("r", object.union_n([model("qwen/qwen-max"), {"endpoint": fx.endpoint("gateway.ai.cloudflare.com")}]))
	findings_for(fx.regulated, route) == set()
}

test_fail_gateway_forwarding_elsewhere if {
	route := fx.route("r", object.union_n([model("qwen-max"), {"endpoint": fx.endpoint("gateway.ai.cloudflare.com")}]))
	fx.decided(findings_for(fx.regulated, route)) == {fx.finding(rule_meta, "r", sprintf("route r sends qwen-max to gateway.ai.cloudflare.com (Cloudflare AI Gateway); qwen-max is a closed model only %s serves, so the prompts end there, in a denied jurisdiction (CN) for this workload", [alibaba]))}
}

test_pass_open_weights_through_relay if {
	every id in {"qwen3-235b-a22b-instruct-2507", "deepseek-v3", "deepseek-chat", "kimi-k2-instruct", "glm-4.6", "ernie-4.5-300b-a47b", "hunyuan-a13b-instruct"} {
		findings_for(fx.regulated, relay_route(id)) == set()
	}
}

test_pass_direct_operator if {
	route := fx.route("r", object.union_n([model("qwen-max"), {"endpoint": fx.endpoint("dashscope-intl.aliyuncs.com")}]))
	findings_for(fx.regulated, route) == set()
}

test_pass_aggregator_left_to_its_rule if {
	route := fx.route("r", object.union_n([model("qwen/qwen-max"), {"provider": {"sdkPrefix": "openrouter", "keyVar": null, "type": null}}]))
	findings_for(fx.regulated, route) == set()
}

test_pass_self_hosted_alias if {
	route := fx.route("r", object.union_n([openai_type, model("qwen-max"), {"endpoint": fx.endpoint_of_kind("vllm.ml.svc.cluster.local", "cluster")}]))
	findings_for(fx.regulated, route) == set()
}

test_pass_public_workload if findings_for({"dataClass": "public", "regulated": false}, relay_route("qwen-max")) == set()

# A loopback endpoint asked for a denied lab's closed model is a relay to it (issue 15, item 4).
test_fail_local_relay if {
	route := fx.route("r", object.union_n([openai_type, model("qwen-max"), {"endpoint": fx.endpoint_of_kind("localhost", "localhost")}]))
	fx.decided(findings_for(fx.regulated, route)) == {fx.finding(rule_meta, "r", sprintf("route r sends qwen-max to localhost (a relay); qwen-max is a closed model only %s serves, so the prompts end there, in a denied jurisdiction (CN) for this workload", [alibaba]))}
}
