# Builders for canonical documents in rule tests: each test states only what it is about.
package modelgate.test.fixtures

source := {"file": "manifests/app.yaml", "line": 7, "column": 3, "pointer": "/spec"}

no_limits := {"caps": [], "maxTokensPerRequest": null, "origin": null}

cap(metric, amount, window) := {"metric": metric, "amount": amount, "window": window, "scope": "total", "origin": "test"}

per_minute := {"unit": "seconds", "count": 60}

days(n) := {"unit": "days", "count": n}

lifetime := {"unit": "lifetime", "count": null}

usd_window(fields) := days(fields.budgetPeriodDays) if is_number(fields.budgetPeriodDays)

else := lifetime

# Limits from the short keys tests state (tokensPerMinute, requestsPerMinute, budgetUsd with
# budgetPeriodDays, maxTokensPerRequest), as the caps an adapter reports; `caps` adds more.
limits(fields) := {
	"caps": array.concat(
		array.concat(
			[cap("tokens", n, per_minute) | n := fields.tokensPerMinute; is_number(n)],
			[cap("requests", n, per_minute) | n := fields.requestsPerMinute; is_number(n)],
		),
		array.concat(
			[cap("usd", n, usd_window(fields)) | n := fields.budgetUsd; is_number(n)],
			object.get(fields, "caps", []),
		),
	),
	"maxTokensPerRequest": object.get(fields, "maxTokensPerRequest", null),
	"origin": null,
}

endpoint(host) := {
	"raw": concat("", ["https://", host, "/v1"]),
	"url": concat("", ["https://", host, "/v1"]),
	"scheme": "https",
	"host": host,
	"port": null,
	"path": "/v1",
	"registrableDomain": host,
	"hostKind": "dns",
	"problems": [],
	"alternateHosts": [],
	"lookalikeOf": null,
}

endpoint_of_kind(host, kind) := object.union(endpoint(host), {"hostKind": kind, "registrableDomain": null})

route(id, fields) := object.union(
	{
		"id": id,
		"via": concat("", ["route ", id]),
		"source": source,
		"endpoint": null,
		"unresolvedEndpoint": null,
		"provider": {"sdkPrefix": null, "keyVar": null, "type": null},
		"model": {"id": null, "raw": null, "resolved": false},
		"routing": null,
		"limits": no_limits,
		"fallbacks": [],
	},
	fields,
)

# A route to a host, capped and priced, so only the property under test can fail.
capped_route(id, host, model) := route(id, {
	"endpoint": endpoint(host),
	"model": {"id": model, "raw": model, "resolved": true},
	"limits": limits({"budgetUsd": 10, "budgetPeriodDays": 30}),
})

server(id, weights) := {
	"id": id,
	"kind": "vllm",
	"source": source,
	"model": object.get(weights, "ref", null),
	"weights": object.union(
		{
			"ref": "/models/qwen3",
			"origin": "organization",
			"hub": null,
			"revision": null,
			"pinned": true,
			"offline": false,
			"source": source,
		},
		weights,
	),
	"hostedModels": [],
}

doc(classification, routes) := {
	"apiVersion": "modelgate.dev/v1",
	"kind": "LLMUsage",
	"workload": {
		"kind": "Deployment",
		"name": "chat",
		"namespace": "prod",
		"resource": "Deployment/prod/chat",
		"source": source,
	},
	"classification": classification,
	"classificationSource": null,
	"classificationErrors": [],
	"routes": routes,
	"servers": [],
	"limits": no_limits,
	"problems": [],
}

with_fields(document, fields) := object.union(document, fields)

regulated := {"dataClass": "internal", "regulated": true}

unregulated := {"dataClass": "internal", "regulated": false}

confidential := {"dataClass": "confidential", "regulated": false}

rule_ids(findings) := {f.ruleId | some f in findings}
