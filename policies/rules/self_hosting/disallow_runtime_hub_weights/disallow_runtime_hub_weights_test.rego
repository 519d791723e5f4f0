package modelgate.rules.self_hosting.disallow_runtime_hub_weights_test

import data.modelgate.rules.self_hosting.disallow_runtime_hub_weights as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "disallow-runtime-hub-weights", "category": "self-hosting", "severity": "high"}

findings_for(weights) := result if {
	result := rule.findings with input as fx.with_fields(fx.doc(null, []), {"servers": [fx.server("vllm", weights)]})
}

test_fail_hub_pull if {
	findings := findings_for({"ref": "deepseek-ai/DeepSeek-V4-Flash", "origin": "hub", "hub": "huggingface", "pin": "unpinned", "pinReason": "no-revision"})
	fx.decided(findings) == {fx.finding(rule_meta, "vllm", "vllm server vllm downloads deepseek-ai/DeepSeek-V4-Flash from huggingface at run time")}
}

test_fail_pinned_hub_pull_is_still_a_pull if {
	findings := findings_for({"ref": "Qwen/Qwen3-8B", "origin": "hub", "hub": "huggingface", "revision": "0123456789abcdef0123456789abcdef01234567"})
	fx.decided(findings) == {fx.finding(rule_meta, "vllm", "vllm server vllm downloads Qwen/Qwen3-8B from huggingface at run time")}
}

test_pass_offline_cache if findings_for({"ref": "Qwen/Qwen3-8B", "origin": "hub", "hub": "huggingface", "offline": true}) == set()

test_pass_organisation_storage if findings_for({"ref": "s3://models/qwen3", "origin": "organization"}) == set()
