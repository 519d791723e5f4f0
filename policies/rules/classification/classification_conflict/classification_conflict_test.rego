package modelgate.rules.classification.classification_conflict_test

import data.modelgate.rules.classification.classification_conflict as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "classification-conflict", "category": "classification", "severity": "high"}

line(n) := object.union(fx.source, {"line": n})

conflict(key, first, second) := {"key": key, "values": [
	{"value": first, "origin": "resource", "source": line(7)},
	{"value": second, "origin": "pod-template", "source": line(12)},
]}

test_fail_data_class_conflict_points_at_the_applied_value if {
	classification := {"dataClass": "restricted"}
	doc := fx.with_fields(fx.doc(classification, []), {"classificationConflicts": [conflict("dataClass", "internal", "restricted")]})
	findings := rule.findings with input as doc
	message := "classification dataClass is set differently by sources of one level: \"internal\" (resource manifests/app.yaml:7), \"restricted\" (pod-template manifests/app.yaml:12); \"restricted\" applies"
	fx.decided(findings) == {fx.finding_at(rule_meta, "classification.dataClass", message, line(12))}
}

test_fail_budget_conflict_names_the_lower_cap if {
	classification := {"regulated": true, "budget": {"usdMonthly": 50}}
	doc := fx.with_fields(fx.doc(classification, []), {"classificationConflicts": [conflict("budget.usdMonthly", 50, 500)]})
	findings := rule.findings with input as doc
	message := "classification budget.usdMonthly is set differently by sources of one level: 50 (resource manifests/app.yaml:7), 500 (pod-template manifests/app.yaml:12); 50 applies"
	fx.decided(findings) == {fx.finding_at(rule_meta, "classification.budget.usdMonthly", message, line(7))}
}

test_pass_no_conflicts if {
	rule.findings == set() with input as fx.with_fields(fx.doc(fx.regulated, []), {"classificationConflicts": []})
}

test_pass_without_conflict_field if rule.findings == set() with input as fx.doc(fx.regulated, [])

test_fail_conflict_without_classification_is_still_reported if {
	doc := fx.with_fields(fx.doc(null, []), {"classificationConflicts": [conflict("owner", "team-a", "team-b")]})
	findings := rule.findings with input as doc
	message := "classification owner is set differently by sources of one level: \"team-a\" (resource manifests/app.yaml:7), \"team-b\" (pod-template manifests/app.yaml:12); null applies"
	fx.decided(findings) == {fx.finding_at(rule_meta, "classification.owner", message, line(7))}
}
