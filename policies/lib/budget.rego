package modelgate.lib

period_days := policy.budgetPeriodDays

# Candidate catalogue keys for a model id, a fixed handful (each an O(1) lookup), best first:
# - as written, without a variant suffix (":free"), without a host prefix
#   ("openrouter/anthropic/claude-3.5-sonnet" → "anthropic/claude-3.5-sonnet"), without an org or provider prefix
#   ("openai/gpt-4o" → "gpt-4o", "bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0" →
#   "anthropic.claude-3-5-sonnet-20241022-v2:0"), without a Bedrock cross-region prefix ("us.");
# - then the same model under another name of its family: without a snapshot date or "-latest"
#   ("gpt-4o-2025-01-31" → "gpt-4o", "claude-3-5-sonnet-20241022" → "claude-3-5-sonnet-latest"),
#   and with dots as dashes ("claude-3.5-sonnet" → "claude-3-5-sonnet-latest").
# A model none of them names stays unpriced, and so does an id longer than any catalogue id could
# be with its prefixes (no work on hostile values).
price_keys(model) := array.concat(exact, family) if {
	count(model) <= max_priced_id_length
	id := lower(model)
	base := split(id, ":")[0]
	last := last_segment(id)
	base_last := last_segment(base)
	exact := [id, base, without_host_prefix(base), last, base_last, without_region(last)]
	stem := undated(base_last)
	dashed := replace(stem, ".", "-")
	family := [stem, concat("", [stem, "-latest"]), dashed, concat("", [dashed, "-latest"])]
}

max_priced_id_length := 320

# "openrouter/anthropic/claude-3.5-sonnet" → "anthropic/claude-3.5-sonnet", the aggregator's own id.
without_host_prefix(id) := substring(id, indexof(id, "/") + 1, -1)

last_segment(id) := parts[count(parts) - 1] if parts := split(id, "/")

# "us.anthropic.claude-sonnet-4-20250514-v1:0" → "anthropic.claude-sonnet-4-20250514-v1:0".
without_region(name) := concat(".", array.slice(parts, 1, count(parts))) if {
	parts := split(name, ".")
	count(parts) > 2
	bedrock_regions[parts[0]]
} else := name

bedrock_regions := {"us", "eu", "apac", "ap", "jp", "au", "ca", "global", "us-gov"}

# The id without "-2024-08-06", "-20241022", "@20241022", "-0613", "-002" or "-latest" at its end.
undated(name) := match[0][1] if {
	match := regex.find_all_string_submatch_n(`^(.+?)(?:[-@](?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|0\d\d)|-latest)$`, name, 1)
	count(match) > 0
} else := name

# The price of a route's model: its operator's own when the catalogue has one (a route to
# api.deepseek.com pays DeepSeek's price, not the dearest host's), else the highest price any
# operator charges, so a route whose operator is chosen per request is priced at its worst case.
# Computed once per route.
route_prices[route.id] := operator_price(prices[0], route) if {
	some route in input.routes
	is_string(route.model.id)
	prices := [p | some key in price_keys(route.model.id); p := index.prices[key]]
	count(prices) > 0
}

operator_price(price, route) := price.byOperator[route_operator(route)] if {
	price.byOperator[route_operator(route)]
} else := price

model_price(route) := route_prices[route.id]

max_token_price(price) := max([price.input, price.output])

seconds_per_day := 86400

# What a cap lets through per budget period (policy.budgetPeriodDays): a resetting cap scaled to
# the period (a daily $10 is $300 over 30 days), a calendar month counted as one period (the
# period `usdMonthly` budgets are stated over), and a lifetime cap never more than its amount.
period_amount(cap) := ((cap.amount * period_days) * seconds_per_day) / cap.window.count if {
	cap.window.unit == "seconds"
	cap.window.count > 0
}

period_amount(cap) := (cap.amount * period_days) / cap.window.count if {
	cap.window.unit == "days"
	cap.window.count > 0
}

period_amount(cap) := cap.amount / cap.window.count if {
	cap.window.unit == "months"
	cap.window.count > 0
}

period_amount(cap) := cap.amount if cap.window.unit == "lifetime"

# Only a counter over all of a route's traffic binds it: a cap kept per consumer, key, header or
# client IP multiplies by a number of clients nothing bounds, and a cap on input or output tokens
# alone leaves the other direction open.
binding_caps(limits, metric) := [cap |
	some cap in limits.caps
	cap.metric == metric
	cap.scope == "total"
]

# Tokens per policy period each binding cap allows: token caps, and request caps times the
# largest request.
period_token_caps(limits) := array.concat(
	[t | some cap in binding_caps(limits, "tokens"); t := period_amount(cap)],
	[t | is_number(limits.maxTokensPerRequest); some cap in binding_caps(limits, "requests"); t := period_amount(cap) * limits.maxTokensPerRequest],
)

# The cap that binds is the strictest one.
monthly_token_cap(limits) := min(period_token_caps(limits)) if count(period_token_caps(limits)) > 0

period_usd_caps(limits) := [usd | some cap in binding_caps(limits, "usd"); usd := period_amount(cap)]

# A USD budget over any window, expressed per policy period; the strictest binds.
monthly_usd_cap(limits) := min(period_usd_caps(limits)) if count(period_usd_caps(limits)) > 0

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

hosted_routes := [route | some route in routes; billable(route)]

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
	every route in routes {
		monthly_token_cap(route.limits)
	}
}

workload_worst_tokens := min(array.concat(
	[total | all_routes_token_capped; total := sum([t | some route in routes; t := monthly_token_cap(route.limits)])],
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

# Caps that do not bound a route's total traffic: kept per caller (an end user, a key, a consumer,
# a distinct header value, a client IP), or counting only the requests a selector matches. Their
# sum over callers is unbounded because nothing bounds the number of callers.
unbinding_caps(route) := [cap |
	some limits in [route.limits, input.limits]
	some cap in limits.caps
	cap.scope != "total"
]

cap_amount(cap) := format_usd(cap.amount) if cap.metric == "usd"

else := sprintf("%s %s", [format_int(cap.amount, 10), cap_metric_words[cap.metric]])

cap_metric_words := {"tokens": "tokens", "input-tokens": "input tokens", "output-tokens": "output tokens", "requests": "requests"}

cap_window_words(window) := "its lifetime" if window.unit == "lifetime"

else := named_seconds[window.count] if {
	window.unit == "seconds"
	named_seconds[window.count]
}

else := sprintf("%s seconds", [format_int(window.count, 10)]) if window.unit == "seconds"

else := "a day" if {
	window.unit == "days"
	window.count == 1
}

else := sprintf("%s days", [format_int(window.count, 10)]) if window.unit == "days"

else := "a month" if window.count == 1

else := sprintf("%s months", [format_int(window.count, 10)])

named_seconds := {1: "a second", 60: "a minute", 3600: "an hour", 86400: "a day"}

cap_scope_words := {"end-user": "end user", "internal-user": "internal user", "consumer-group": "consumer group", "ip": "client IP", "key": "virtual key"}

cap_scope_word(scope) := word if {
	word := cap_scope_words[scope]
} else := replace(scope, "-", " ")

cap_selector(cap) := sprintf(" (%s)", [cap.selector]) if {
	is_string(cap.selector)
	cap.selector != cap_scope_word(cap.scope)
} else := ""

cap_who(cap) := sprintf("value of header %s", [cap.selector]) if {
	cap.scope == "header"
	is_string(cap.selector)
} else := concat("", [cap_scope_word(cap.scope), cap_selector(cap)])

cap_note(cap) := sprintf("%s counts only the requests matching%s", [cap_text(cap), cap_selector(cap)]) if cap.scope == "matching"

else := sprintf("%s counts only the requests no other policy matched", [cap_text(cap)]) if cap.scope == "unmatched"

else := sprintf("%s bounds each %s separately", [cap_text(cap), cap_who(cap)])

cap_text(cap) := sprintf("%s (%s in %s)", [cap.origin, cap_amount(cap), cap_window_words(cap.window)])
