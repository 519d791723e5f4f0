package modelgate.rules.self_hosting.flag_unverifiable_weights_test

import data.modelgate.rules.self_hosting.flag_unverifiable_weights as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "flag-unverifiable-weights", "category": "self-hosting", "severity": "medium"}

low_meta := object.union(rule_meta, {"severity": "low"})

findings_for(classification, weights) := result if {
	result := rule.findings with input as fx.with_fields(fx.doc(classification, []), {"servers": [fx.server("vllm", weights)]})
}

pvc := {"ref": "/models/qwen3", "origin": "organization", "revision": null, "pin": "unverifiable", "pinReason": "local-path"}

test_fail_local_path_for_sensitive_data if {
	findings := findings_for(fx.confidential, pvc)
	fx.decided(findings) == {fx.finding(rule_meta, "vllm", "vllm server vllm loads /models/qwen3 from the organisation's storage, but its pin cannot be checked: a local path or volume holds whatever was copied into it; nothing in the configuration names a version or digest")}
}

test_low_for_other_data if {
	findings := findings_for(fx.regulated, pvc)
	fx.decided(findings) == {fx.finding(low_meta, "vllm", "vllm server vllm loads /models/qwen3 from the organisation's storage, but its pin cannot be checked: a local path or volume holds whatever was copied into it; nothing in the configuration names a version or digest")}
}

test_fail_oci_tag if {
	findings := findings_for(fx.confidential, {"ref": "oci://registry.example.com/models/glm:4.7", "origin": "organization", "revision": "4.7", "pin": "unverifiable", "pinReason": "oci-tag"})
	fx.decided(findings) == {fx.finding(rule_meta, "vllm", "vllm server vllm loads oci://registry.example.com/models/glm:4.7 from the organisation's storage, but its pin cannot be checked: an OCI tag can be pushed again; only an @sha256 digest fixes the image")}
}

test_fail_nim_image_digest if {
	ref := "nvcr.io/nim/meta/llama-3.1-8b-instruct@sha256:5f1b3c9a2d7e4f608192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8"
	findings := findings_for(fx.confidential, {"ref": ref, "origin": "hub", "hub": "ngc", "pin": "unverifiable", "pinReason": "serving-image"})
	fx.decided(findings) == {fx.finding(rule_meta, "vllm", sprintf("vllm server vllm loads %s, but its pin cannot be checked: the image digest pins the server, not the weights: the model profile it downloads is chosen at run time", [ref]))}
}

test_internal_host_is_organisation_storage if {
	weights := {"ref": "http://models.svc/m.gguf", "origin": "unknown", "pin": "unverifiable", "pinReason": "http-url", "host": "models.svc", "hostKind": "cluster"}
	findings := findings_for(fx.confidential, weights)
	fx.decided(findings) == {fx.finding(rule_meta, "vllm", "vllm server vllm loads http://models.svc/m.gguf from the organisation's storage, but its pin cannot be checked: what the URL serves can change; no commit or digest is given")}
}

# an unknown origin is require-pinned-weights, not this rule
test_pass_unknown_origin if findings_for(fx.confidential, {"ref": null, "origin": "unknown", "pin": "unverifiable", "pinReason": "unresolved"}) == set()

test_pass_unpinned_is_the_other_rule if findings_for(fx.confidential, {"ref": "Qwen/Qwen3-8B", "origin": "hub", "hub": "huggingface", "pin": "unpinned", "pinReason": "no-revision"}) == set()

test_pass_digest if findings_for(fx.confidential, {}) == set()
