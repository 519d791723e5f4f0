package modelgate.rules.self_hosting.require_pinned_weights_test

import data.modelgate.rules.self_hosting.require_pinned_weights as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "require-pinned-weights", "category": "self-hosting", "severity": "medium"}

findings_for(weights) := result if {
	result := rule.findings with input as fx.with_fields(fx.doc(null, []), {"servers": [fx.server("tgi", weights)]})
}

test_fail_unpinned if {
	findings := findings_for({"ref": "Qwen/Qwen3-8B", "origin": "hub", "pin": "unpinned", "pinReason": "no-revision"})
	fx.decided(findings) == {fx.finding(rule_meta, "tgi", "vllm server tgi loads Qwen/Qwen3-8B without a pinned revision or digest")}
}

test_fail_unknown_reference if {
	findings := findings_for({"ref": null, "origin": "unknown", "pin": "unverifiable", "pinReason": "unresolved"})
	fx.decided(findings) == {fx.finding(rule_meta, "tgi", "vllm server tgi loads weights of unknown origin without a pinned revision or digest")}
}

test_pass_pinned if findings_for({"ref": "Qwen/Qwen3-8B", "revision": "0123456789abcdef0123456789abcdef01234567", "pin": "pinned", "pinReason": "commit"}) == set()

test_fail_tag_named_in_message if {
	findings := findings_for({"ref": "qwen3:8b", "origin": "hub", "hub": "ollama", "revision": "8b", "pin": "unpinned", "pinReason": "model-tag"})
	fx.decided(findings) == {fx.finding(rule_meta, "tgi", "vllm server tgi loads qwen3:8b without a pinned revision or digest (8b is a tag, which can be moved)")}
}

# a volume or a bucket is flag-unverifiable-weights
test_pass_unverifiable_organisation_storage if findings_for({"ref": "s3://models/qwen3", "origin": "organization", "pin": "unverifiable", "pinReason": "object-store"}) == set()
