package modelgate.lib_budget_test

import data.modelgate.lib
import data.modelgate.rules.budget.require_token_cap as token_cap
import data.modelgate.test.fixtures as fx

scoped(cap, scope) := object.union(cap, {"scope": scope})

test_caps_convert_with_the_budget_period if {
	lib.monthly_usd_cap(fx.limits({"budgetUsd": 10, "budgetPeriodDays": 1})) == 300
	lib.monthly_usd_cap(fx.limits({"budgetUsd": 10, "budgetPeriodDays": 1})) == 70 with data.modelgate.policy.budgetPeriodDays as 7
	lib.monthly_token_cap(fx.limits({"tokensPerMinute": 1})) == 10080 with data.modelgate.policy.budgetPeriodDays as 7
}

test_a_month_is_one_budget_period if {
	limits := fx.limits({"caps": [fx.cap("usd", 100, {"unit": "months", "count": 1})]})
	lib.monthly_usd_cap(limits) == 100
	lib.monthly_usd_cap(limits) == 100 with data.modelgate.policy.budgetPeriodDays as 7
}

test_lifetime_cap_is_its_amount if lib.monthly_usd_cap(fx.limits({"budgetUsd": 40})) == 40

test_strictest_cap_binds if {
	limits := fx.limits({"budgetUsd": 100, "budgetPeriodDays": 30, "caps": [fx.cap("usd", 1, fx.days(1)), fx.cap("usd", 50, fx.lifetime)]})
	lib.monthly_usd_cap(limits) == 30
	tokens := fx.limits({"tokensPerMinute": 1000, "requestsPerMinute": 1, "maxTokensPerRequest": 100})
	lib.monthly_token_cap(tokens) == 4320000
}

test_only_caps_on_all_traffic_bind if {
	per_consumer := fx.limits({"caps": [scoped(fx.cap("tokens", 1000, fx.per_minute), "consumer")]})
	not lib.monthly_token_cap(per_consumer)
	one_direction := fx.limits({"caps": [fx.cap("input-tokens", 1000, fx.per_minute)]})
	not lib.monthly_token_cap(one_direction)
	route := fx.route("r", {"endpoint": fx.endpoint("api.openai.com"), "limits": per_consumer})
	count(token_cap.findings) == 1 with input as fx.doc(fx.unregulated, [route])
}

test_requests_bind_only_with_a_request_size if {
	not lib.monthly_token_cap(fx.limits({"requestsPerMinute": 10}))
	lib.monthly_token_cap(fx.limits({"caps": [fx.cap("requests", 1, {"unit": "seconds", "count": 86400})], "maxTokensPerRequest": 10})) == 300
}

# A model two operators price differently: its operator's own price when the route names one,
# the dearer one when the operator is chosen per request or unknown.
two_prices := {"acme-chat": {
	"input": 2, "output": 8, "cachedInput": null, "operators": ["deepseek", "openrouter"],
	"byOperator": {"deepseek": {"input": 1, "output": 4, "cachedInput": null}, "openrouter": {"input": 2, "output": 8, "cachedInput": null}},
}}

priced(route) := price if {
	price := lib.model_price(route) with input as fx.doc(fx.unregulated, [route]) with data.modelgate.index.prices as two_prices
}

test_a_route_pays_its_operators_price if {
	priced(fx.capped_route("r", "api.deepseek.com", "deepseek/acme-chat")).output == 4
	priced(fx.capped_route("r", "openrouter.ai", "acme-chat")).output == 8
}

test_an_unknown_operator_pays_the_worst_case if {
	priced(fx.route("r", {"model": {"id": "acme-chat-2031-01-01", "raw": "acme-chat", "resolved": true}})).output == 8
}

test_price_keys_try_the_id_then_its_family if {
	keys := lib.price_keys("Bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0")
	keys[0] == "bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0"
	"anthropic.claude-3-5-sonnet-20241022-v2:0" in keys
	"claude-3-5-sonnet-latest" in lib.price_keys("anthropic/claude-3-5-sonnet-20241022")
	"claude-3-5-sonnet-latest" in lib.price_keys("openrouter/anthropic/claude-3.5-sonnet:beta")
	"anthropic/claude-3.5-sonnet" in lib.price_keys("openrouter/anthropic/claude-3.5-sonnet:beta")
	"gpt-4o" in lib.price_keys("gpt-4o-2024-08-06")
	"gemini-2.0-flash" in lib.price_keys("gemini-2.0-flash-001")
	count(lib.price_keys("gpt-99-ultra")) <= 12
	not lib.price_keys(concat("", ["gpt-4o", concat("", [x | some _ in numbers.range(1, 400); x := "-"])]))
}
