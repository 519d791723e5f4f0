package modelgate.rules.budget.require_token_cap_test

import data.modelgate.rules.budget.require_token_cap as rule
import data.modelgate.test.fixtures as fx

route_with(limits) := fx.route("r", {"endpoint": fx.endpoint("api.openai.com"), "limits": fx.limits(limits)})

findings_for(route) := result if {
	result := rule.findings with input as fx.doc(fx.unregulated, [route])
}

test_fail_uncapped if {
	some f in findings_for(route_with({}))
	f.ruleId == "require-token-cap"
	f.category == "budget"
}

test_fail_requests_without_token_limit if count(findings_for(route_with({"requestsPerMinute": 60}))) == 1

test_pass_tokens_per_minute if count(findings_for(route_with({"tokensPerMinute": 10000}))) == 0

test_pass_requests_times_max_tokens if count(findings_for(route_with({"requestsPerMinute": 60, "maxTokensPerRequest": 4096}))) == 0

test_pass_budget if count(findings_for(route_with({"budgetUsd": 100, "budgetPeriodDays": 30}))) == 0

test_pass_lifetime_budget if count(findings_for(route_with({"budgetUsd": 100}))) == 0

test_pass_shared_workload_budget if {
	doc := fx.with_fields(fx.doc(fx.unregulated, [route_with({})]), {"limits": fx.limits({"budgetUsd": 500, "budgetPeriodDays": 30})})
	count(rule.findings) == 0 with input as doc
}

test_pass_self_hosted if count(findings_for(fx.route("r", {"endpoint": fx.endpoint_of_kind("localhost", "localhost")}))) == 0

test_pass_egress_permission_makes_no_call if {
	route := fx.route("r", {"endpoint": fx.endpoint("api.openai.com"), "egress": true})
	count(findings_for(route)) == 0
}

test_fail_relay_is_not_self_hosted if {
	route := fx.route("r", {"endpoint": fx.endpoint_of_kind("one-api", "cluster"), "relay": {"name": "one-api", "reason": "upstream in its database"}})
	count(findings_for(route)) == 1
}
