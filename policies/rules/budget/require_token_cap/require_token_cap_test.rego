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

per_caller_route(caps) := fx.route("r", {"endpoint": fx.endpoint("api.openai.com"), "limits": {"caps": caps, "maxTokensPerRequest": null, "origin": null}})

end_user_budget := {"metric": "usd", "amount": 5, "window": {"unit": "lifetime", "count": null}, "scope": "end-user", "selector": "end-user id", "origin": "litellm_settings.max_end_user_budget"}

test_fail_per_caller_budget_is_named if {
	findings := findings_for(per_caller_route([end_user_budget]))
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r has no cap on its total traffic: litellm_settings.max_end_user_budget ($5.00 in its lifetime) bounds each end user (end-user id) separately; a limit per caller bounds each caller, not the total, and nothing bounds how many callers there are (a total cap anywhere on the path satisfies this rule)")}
}

test_fail_per_header_and_matching_rules_are_named if {
	distinct := {"metric": "tokens", "amount": 10000, "window": {"unit": "seconds", "count": 3600}, "scope": "header", "selector": "x-user-id", "origin": "BackendTrafficPolicy ai/limits rule[0]"}
	exact := {"metric": "requests", "amount": 3, "window": {"unit": "seconds", "count": 3600}, "scope": "matching", "selector": "x-user-org = acme", "origin": "BackendTrafficPolicy ai/limits rule[1]"}
	findings := findings_for(per_caller_route([distinct, exact]))
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r has no cap on its total traffic: BackendTrafficPolicy ai/limits rule[0] (10000 tokens in an hour) bounds each value of header x-user-id separately; BackendTrafficPolicy ai/limits rule[1] (3 requests in an hour) counts only the requests matching (x-user-org = acme); a limit per caller bounds each caller, not the total, and nothing bounds how many callers there are (a total cap anywhere on the path satisfies this rule)")}
}

test_pass_total_cap_beside_per_caller_caps if {
	total := {"metric": "usd", "amount": 500, "window": {"unit": "days", "count": 30}, "scope": "total", "origin": "litellm_settings.max_budget"}
	findings_for(per_caller_route([end_user_budget, total])) == set()
}

test_pass_total_cap_on_the_workload if {
	doc := fx.with_fields(fx.doc(fx.unregulated, [per_caller_route([end_user_budget])]), {"limits": fx.limits({"budgetUsd": 500, "budgetPeriodDays": 30})})
	rule.findings == set() with input as doc
}
