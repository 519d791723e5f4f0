package modelgate.rules.budget.require_token_cap_test

import data.modelgate.rules.budget.require_token_cap as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "require-token-cap", "category": "budget", "severity": "high"}

uncapped := {fx.finding(rule_meta, "r", "route r has no enforceable token or budget cap")}

route_with(limits) := fx.route("r", {"endpoint": fx.endpoint("api.openai.com"), "limits": fx.limits(limits)})

findings_for(route) := result if {
	result := rule.findings with input as fx.doc(fx.unregulated, [route])
}

test_fail_uncapped if fx.decided(findings_for(route_with({}))) == uncapped

test_fail_requests_without_token_limit if fx.decided(findings_for(route_with({"requestsPerMinute": 60}))) == uncapped

test_pass_tokens_per_minute if findings_for(route_with({"tokensPerMinute": 10000})) == set()

test_pass_requests_times_max_tokens if findings_for(route_with({"requestsPerMinute": 60, "maxTokensPerRequest": 4096})) == set()

test_pass_budget if findings_for(route_with({"budgetUsd": 100, "budgetPeriodDays": 30})) == set()

test_pass_lifetime_budget if findings_for(route_with({"budgetUsd": 100})) == set()

test_pass_shared_workload_budget if {
	doc := fx.with_fields(fx.doc(fx.unregulated, [route_with({})]), {"limits": fx.limits({"budgetUsd": 500, "budgetPeriodDays": 30})})
	rule.findings == set() with input as doc
}

test_pass_self_hosted if findings_for(fx.route("r", {"endpoint": fx.endpoint_of_kind("localhost", "localhost")})) == set()

test_pass_egress_permission_makes_no_call if {
	route := fx.route("r", {"endpoint": fx.endpoint("api.openai.com"), "egress": true})
	findings_for(route) == set()
}

test_fail_relay_is_not_self_hosted if {
	route := fx.route("r", {"endpoint": fx.endpoint_of_kind("one-api", "cluster"), "relay": {"name": "one-api", "reason": "upstream in its database"}})
	fx.decided(findings_for(route)) == uncapped
}
