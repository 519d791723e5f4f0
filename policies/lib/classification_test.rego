package modelgate.lib_classification_test

import data.modelgate.lib
import data.modelgate.rules.classification.require_classification as require
import data.modelgate.test.fixtures as fx

route := fx.capped_route("r", "api.openai.com", "gpt-5.5")

strict := {"dataClass": "restricted", "regulated": true, "budget": {"usdMonthly": 100, "tokensMonthly": 5}}

test_default_classification_fills_the_unclassified if {
	lib.classification == strict with input as fx.doc(null, [route]) with data.modelgate.policy.defaultClassification as strict
	count(require.findings) == 1 with input as fx.doc(null, [route]) with data.modelgate.policy.defaultClassification as strict
	count(require.findings) == 1 with input as fx.doc(null, [route]) with data.modelgate.policy.defaultClassification as null
}

test_own_classification_wins_key_by_key if {
	own := {"dataClass": "internal", "budget": {"usdMonthly": 10}}
	merged := lib.classification with input as fx.doc(own, [route]) with data.modelgate.policy.defaultClassification as strict
	merged == {"dataClass": "internal", "regulated": true, "budget": {"usdMonthly": 10, "tokensMonthly": 5}}
	lib.regulated with input as fx.doc(own, [route]) with data.modelgate.policy.defaultClassification as strict
	require.findings == set() with input as fx.doc(own, [route]) with data.modelgate.policy.defaultClassification as strict
}

test_merge_without_budgets if {
	merged := lib.classification with input as fx.doc({"dataClass": "public"}, [route]) with data.modelgate.policy.defaultClassification as {"regulated": false}
	merged == {"dataClass": "public", "regulated": false}
	require.findings == set() with input as fx.doc({"dataClass": "public"}, [route]) with data.modelgate.policy.defaultClassification as {"regulated": false}
}

test_shipped_default_is_strict if {
	lib.classification == {"regulated": true} with input as fx.doc(null, [route])
	count(require.findings) == 1 with input as fx.doc(null, [route])
}

test_no_default_keeps_own if {
	lib.classification == fx.unregulated with input as fx.doc(fx.unregulated, [route]) with data.modelgate.policy.defaultClassification as null
	lib.classification == null with input as fx.doc(null, [route]) with data.modelgate.policy.defaultClassification as null
	require.findings == set() with input as fx.doc(fx.unregulated, [route]) with data.modelgate.policy.defaultClassification as null
	require.findings != set() with input as fx.doc(null, [route]) with data.modelgate.policy.defaultClassification as null
}
