package modelgate.rules.self_hosting.require_pinned_weights_test

import data.modelgate.rules.self_hosting.require_pinned_weights as rule
import data.modelgate.test.fixtures as fx

findings_for(weights) := result if {
	result := rule.findings with input as fx.with_fields(fx.doc(null, []), {"servers": [fx.server("tgi", weights)]})
}

test_fail_unpinned if {
	some f in findings_for({"ref": "Qwen/Qwen3-8B", "origin": "hub", "pinned": false})
	f.ruleId == "require-pinned-weights"
	contains(f.message, "Qwen/Qwen3-8B")
}

test_fail_unknown_reference if {
	some f in findings_for({"ref": null, "origin": "unknown", "pinned": false})
	contains(f.message, "unknown origin")
}

test_pass_pinned if count(findings_for({"ref": "Qwen/Qwen3-8B", "revision": "0123456789abcdef0123456789abcdef01234567", "pinned": true})) == 0
