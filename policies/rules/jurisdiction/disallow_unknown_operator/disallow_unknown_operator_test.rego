package modelgate.rules.jurisdiction.disallow_unknown_operator_test

import data.modelgate.rules.jurisdiction.disallow_unknown_operator as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "disallow-unknown-operator", "category": "jurisdiction", "severity": "high"}

findings_for(endpoint) := result if {
	result := rule.findings with input as fx.doc(fx.regulated, [fx.route("r", {"endpoint": endpoint})])
}

test_fail_unknown_host if {
	fx.decided(findings_for(fx.endpoint("llm-relay.example.net"))) == {fx.finding(rule_meta, "r", "route r reaches llm-relay.example.net, whose operator is not in the provider catalogue")}
}

test_fail_lookalike if {
	findings := findings_for(object.union(fx.endpoint("api.xn--dpseek-3ofa.com"), {"lookalikeOf": "api.deepseek.com"}))
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r reaches api.xn--dpseek-3ofa.com, whose operator is not in the provider catalogue (it imitates api.deepseek.com)")}
}

test_fail_public_ip_literal if {
	fx.decided(findings_for(fx.endpoint_of_kind("203.0.113.7", "ipv4"))) == {fx.finding(rule_meta, "r", "route r reaches 203.0.113.7, whose operator is not in the provider catalogue")}
}

test_pass_private_ip_literal if findings_for(fx.endpoint_of_kind("10.1.2.3", "ipv4")) == set()

test_pass_ipv6_loopback if findings_for(fx.endpoint_of_kind("[::1]", "ipv6")) == set()

test_pass_internal_domain if {
	findings_for(fx.endpoint("llm.corp.example")) == set() with data.modelgate.policy.internalDomains as ["corp.example"]
	findings_for(fx.endpoint("corp.example")) == set() with data.modelgate.policy.internalDomains as ["corp.example"]
}

test_pass_known_operator if findings_for(fx.endpoint("api.anthropic.com")) == set()

test_pass_unregulated if rule.findings == set() with input as fx.doc(fx.unregulated, [fx.route("r", {"endpoint": fx.endpoint("llm-relay.example.net")})])

test_fail_in_cluster_relay if {
	route := fx.route("r", {
		"endpoint": fx.endpoint_of_kind("new-api.gateway.svc.cluster.local", "cluster"),
		"relay": {"name": "new-api Deployment gateway/new-api", "reason": "its upstream channels are configured in its database"},
	})
	findings := rule.findings with input as fx.doc(fx.regulated, [route])
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r reaches new-api Deployment gateway/new-api, which relays prompts to an operator the scan cannot see: its upstream channels are configured in its database")}
}

# Local relays are relays (issue 15, item 4): a loopback, private or internal endpoint asked for a
# closed model forwards the prompts; open weights there are self-hosted.
local_route(host, kind, model) := fx.route("r", {
	"endpoint": fx.endpoint_of_kind(host, kind),
	"model": {"id": model, "raw": model, "resolved": true},
})

local_findings(route) := result if {
	result := rule.findings with input as fx.doc(fx.regulated, [route])
		with data.modelgate.policy.internalDomains as ["corp.example"]
}

# [host, hostKind, model, fires]
relay_cases := [
	["localhost", "localhost", "claude-sonnet-4-5-20250929", true],
	["127.0.0.1", "ipv4", "claude-3-5-haiku-20241022", true],
	["localhost", "localhost", "anthropic/claude-opus-4.1", true],
	["localhost", "localhost", "gpt-4o", true],
	["localhost", "localhost", "gpt-5.4-mini", true],
	["[::1]", "ipv6", "o3", true],
	["localhost", "localhost", "o4-mini", true],
	["localhost", "localhost", "o1-preview", true],
	["host.docker.internal", "private", "gemini-2.5-pro", true],
	["llm.corp.example", "dns", "gpt-4.1", true],
	["10.1.2.3", "ipv4", "qwen-max-latest", true],
	# open weights: a local server can hold them
	["localhost", "localhost", "gpt-oss-120b", false],
	["localhost", "localhost", "openai/gpt-oss-20b", false],
	["localhost", "localhost", "gemma-3-27b-it", false],
	["localhost", "localhost", "llama3.3:70b", false],
	["localhost", "localhost", "qwen3:32b", false],
	["localhost", "localhost", "o1x", false],
	["localhost", "localhost", "gpt-j-6b", false],
	# an in-cluster Service the scan holds answers for itself (its own routes are judged)
	["litellm.gateway.svc.cluster.local", "cluster", "claude-sonnet-4-5", false],
	["litellm", "cluster", "gpt-4o", false],
]

test_local_relay_cases if {
	every case in relay_cases {
		[host, kind, model, fires] := case
		local_findings(local_route(host, kind, model)) != set() == fires
	}
}

test_fail_local_relay_names_model_and_operators if {
	fx.decided(local_findings(local_route("localhost", "localhost", "claude-sonnet-4-5"))) == {fx.finding(rule_meta, "r", "route r reaches localhost, which relays prompts to an operator the scan cannot see: it is asked for claude-sonnet-4-5, a closed model that only Anthropic (US), AWS Bedrock (US), Google Cloud Vertex AI (US, part of Google Gemini API) serve, so it forwards the prompts to one of them or wherever it is configured to")}
	fx.decided(local_findings(local_route("127.0.0.1", "ipv4", "qwen-max"))) == {fx.finding(rule_meta, "r", "route r reaches 127.0.0.1, which relays prompts to an operator the scan cannot see: it is asked for qwen-max, a closed model that only Alibaba Cloud (Model Studio / DashScope, ModelScope) (CN) serves, so it forwards the prompts to one of them or wherever it is configured to")}
}

# A model server of the same workload (a sidecar) answers at localhost: the scan shows it.
test_pass_local_closed_name_with_server_in_workload if {
	doc := object.union(fx.doc(fx.regulated, [local_route("localhost", "localhost", "gpt-4o")]), {"servers": [fx.server("vllm", {})]})
	rule.findings == set() with input as doc
}

test_pass_local_relay_unregulated if {
	rule.findings == set() with input as fx.doc(fx.unregulated, [local_route("localhost", "localhost", "claude-sonnet-4-5")])
}

# A route without an endpoint whose prefix defaults to a local server (ollama/) asked for a closed name.
test_fail_local_default_closed_name if {
	route := fx.route("r", {
		"provider": {"sdkPrefix": "ollama", "keyVar": null, "type": null},
		"model": {"id": "gpt-4o", "raw": "ollama/gpt-4o", "resolved": true},
	})
	[f] := [f | some f in local_findings(route)]
	startswith(f.message, "route r reaches the local default server of ollama/, which relays prompts")
}
