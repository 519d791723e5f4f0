package modelgate.rules.self_hosting.disallow_runtime_hub_weights_test

import data.modelgate.rules.self_hosting.disallow_runtime_hub_weights as rule
import data.modelgate.test.fixtures as fx

findings_for(weights) := result if {
	result := rule.findings with input as fx.with_fields(fx.doc(null, []), {"servers": [fx.server("vllm", weights)]})
}

test_fail_hub_pull if {
	some f in findings_for({"ref": "deepseek-ai/DeepSeek-V4-Flash", "origin": "hub", "hub": "huggingface", "pinned": false})
	f.ruleId == "disallow-runtime-hub-weights"
	f.subject == "vllm"
	contains(f.message, "huggingface")
}

test_fail_pinned_hub_pull_is_still_a_pull if count(findings_for({"ref": "Qwen/Qwen3-8B", "origin": "hub", "hub": "huggingface", "revision": "0123456789abcdef0123456789abcdef01234567"})) == 1

test_pass_offline_cache if count(findings_for({"ref": "Qwen/Qwen3-8B", "origin": "hub", "hub": "huggingface", "offline": true})) == 0

test_pass_organisation_storage if count(findings_for({"ref": "s3://models/qwen3", "origin": "organization"})) == 0
