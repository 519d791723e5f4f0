package modelgate.rules.jurisdiction.flag_runtime_model_config_test

import data.modelgate.rules.jurisdiction.flag_runtime_model_config as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "flag-runtime-model-config", "category": "jurisdiction", "severity": "high"}

at := {"file": "config.yaml", "line": 8, "column": 22, "pointer": "/general_settings/store_model_in_db"}

db_models(certain) := {
	"id": "general_settings/store_model_in_db",
	"via": "LiteLLM general_settings.store_model_in_db is true",
	"certain": certain,
	"source": at,
}

doc_with(classification, sources) := object.union(fx.doc(classification, []), {"runtimeModels": sources})

message := "LiteLLM general_settings.store_model_in_db is true: models are configured at run time in the database and cannot be checked; Deployment/prod/chat may call any endpoint an administrator adds"

expected(severity) := object.union(
	fx.finding_at(rule_meta, "general_settings/store_model_in_db", message, at),
	{"severity": severity},
)

test_fail_regulated_high if {
	findings := rule.findings with input as doc_with(fx.regulated, [db_models(true)])
	fx.decided(findings) == {expected("high")}
}

test_fail_maybe_on_medium if {
	findings := rule.findings with input as doc_with(fx.confidential, [db_models(false)])
	fx.decided(findings) == {expected("medium")}
}

test_fail_public_low if {
	findings := rule.findings with input as doc_with({"dataClass": "public", "regulated": false}, [db_models(true)])
	fx.decided(findings) == {expected("low")}
}

test_pass_no_runtime_models if {
	rule.findings == set() with input as fx.doc(fx.regulated, [])
}
