package modelgate.lib

minutes_per_day := 1440

period_days := policy.budgetPeriodDays

# Candidate catalogue keys for a model id: as written, without a variant suffix (":free"),
# and without an org prefix ("deepseek/deepseek-v4-flash" → "deepseek-v4-flash").
price_keys(model) := [k |
	id := lower(model)
	base := split(id, ":")[0]
	parts := split(base, "/")
	some k in [id, base, parts[count(parts) - 1]]
]

# The highest catalogue price any operator charges for the model, so a route whose
# operator is chosen per request is priced at its worst case. Computed once per route.
route_prices[route.id] := prices[0] if {
	some route in input.routes
	is_string(route.model.id)
	prices := [p | some key in price_keys(route.model.id); p := index.prices[key]]
	count(prices) > 0
}

model_price(route) := route_prices[route.id]

max_token_price(price) := max([price.input, price.output])

tokens_per_minute(limits) := limits.tokensPerMinute if is_number(limits.tokensPerMinute)

tokens_per_minute(limits) := limits.requestsPerMinute * limits.maxTokensPerRequest if {
	not is_number(limits.tokensPerMinute)
	is_number(limits.requestsPerMinute)
	is_number(limits.maxTokensPerRequest)
}

# Tokens per policy period that per-minute caps let through.
monthly_token_cap(limits) := (tokens_per_minute(limits) * minutes_per_day) * period_days

# A USD budget over any period, expressed per policy period (a daily $10 is $300 a month).
monthly_usd_cap(limits) := (limits.budgetUsd * period_days) / limits.budgetPeriodDays if {
	is_number(limits.budgetUsd)
	is_number(limits.budgetPeriodDays)
	limits.budgetPeriodDays > 0
}

# A budget with no reset period is a lifetime cap: never more than that in any month.
else := limits.budgetUsd if {
	is_number(limits.budgetUsd)
	not is_number(limits.budgetPeriodDays)
}

has_cap(limits) if monthly_usd_cap(limits)

has_cap(limits) if monthly_token_cap(limits)

capped(route) if has_cap(route.limits)

capped(_) if has_cap(input.limits)

has_usd_cap(route) if monthly_usd_cap(route.limits)

has_usd_cap(_) if monthly_usd_cap(input.limits)

token_cap_spend(route) := (monthly_token_cap(route.limits) / 1000000) * max_token_price(model_price(route))

# Worst-case monthly spend of one route from its own caps; undefined when it has none it can price.
route_worst_spend(route) := min(array.concat(
	[usd | usd := monthly_usd_cap(route.limits)],
	[usd | usd := token_cap_spend(route)],
)) if {
	capped_by_route(route)
}

capped_by_route(route) if monthly_usd_cap(route.limits)

capped_by_route(route) if token_cap_spend(route)

# Routes that spend tokens: hosted calls. Egress permissions (a ServiceEntry host) open a path
# but make no call, so only the jurisdiction rules look at them.
billable(route) if {
	hosted(route)
	not route.egress == true
}

hosted_routes := [route | some route in input.routes; billable(route)]

bounded_route_spend := [usd | some route in hosted_routes; usd := route_worst_spend(route)]

all_routes_bounded if count(bounded_route_spend) == count(hosted_routes)

# The most the workload's caps allow it to spend in a month, in USD: the sum of its routes'
# worst cases, or the shared workload budget, whichever is lower. Undefined when neither bounds it.
workload_worst_spend := min(array.concat(
	[total | all_routes_bounded; total := sum(bounded_route_spend)],
	[usd | usd := monthly_usd_cap(input.limits)],
)) if {
	workload_spend_known
}

workload_spend_known if all_routes_bounded

workload_spend_known if monthly_usd_cap(input.limits)

# What the bounded routes alone allow, when others are unbounded: a lower bound on the worst case.
partial_worst_spend := sum(bounded_route_spend) if {
	not workload_spend_known
	count(bounded_route_spend) > 0
}

all_routes_token_capped if {
	every route in input.routes {
		monthly_token_cap(route.limits)
	}
}

workload_worst_tokens := min(array.concat(
	[total | all_routes_token_capped; total := sum([t | some route in input.routes; t := monthly_token_cap(route.limits)])],
	[t | t := monthly_token_cap(input.limits)],
)) if {
	workload_tokens_known
}

workload_tokens_known if all_routes_token_capped

workload_tokens_known if monthly_token_cap(input.limits)

# "$12.10": formatted with integer builtins only, because sprintf's %f differs between the Go
# topdown evaluator (which rejects integers) and the JavaScript sprintf the wasm runtime uses.
format_usd(amount) := concat("", ["$", format_int(floor(cents / 100), 10), ".", substring(concat("", ["0", format_int(cents % 100, 10)]), count(format_int(cents % 100, 10)) - 1, 2)]) if {
	cents := round(amount * 100)
}
