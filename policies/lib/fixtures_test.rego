# Builders for canonical documents in rule tests: each test states only what it is about.
# Every test input must be a valid canonical document (test/policies/fixtures-schema.test.ts checks
# it against schemas/llm-usage.schema.json); a test whose input is deliberately not one says so in
# its METADATA with custom.canonical_input: false.
package modelgate.test.fixtures

source := {"file": "manifests/app.yaml", "line": 7, "column": 3, "pointer": "/spec"}

resource := "Deployment/prod/chat"

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
			"ref": "oci://registry.example.com/models/qwen3@sha256:5f1b3c9a2d7e4f608192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8",
			"origin": "organization",
			"hub": null,
			"revision": "sha256:5f1b3c9a2d7e4f608192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8",
			"pin": "pinned",
			"pinReason": "digest",
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
		"resource": resource,
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

# Expected findings, compared whole as Regal's rule tests compare violations (aesthetics.md §3).
# A test file names its rule once, `rule_meta := {"ruleId": ..., "category": ..., "severity": ...}`,
# and each failing test states the set of findings: `fx.decided(findings) == {fx.finding(rule_meta,
# "r", "route r ...")}`; a passing test states `findings == set()`.

# The finding a rule raises about the subject with id `subject` of `doc` (located at `source`).
finding(rule_meta, subject, message) := {
	"ruleId": rule_meta.ruleId,
	"category": rule_meta.category,
	"severity": rule_meta.severity,
	"docsUrl": concat("", ["https://modelgate.dev/rules/", rule_meta.ruleId]),
	"message": message,
	"resource": resource,
	"subject": subject,
	"source": source,
}

# The same finding located elsewhere (a server's weights, a problem, a workload of another shape).
finding_at(rule_meta, subject, message, at) := object.union(finding(rule_meta, subject, message), {"source": at})

# Prose every finding copies from its rule's METADATA; stated once there (and in the rule docs),
# so tests require it to be present instead of repeating it.
prose_fields := {"title", "remediation"}

# The findings without their METADATA prose; a finding without that prose is dropped, so the
# comparison with the expected set fails.
decided(findings) := {object.remove(f, prose_fields) |
	some f in findings
	_has_prose(f)
}

_has_prose(f) if {
	trim_space(f.title) != ""
	trim_space(f.remediation) != ""
}

test_decided_keeps_what_the_rule_decides if {
	meta := {"ruleId": "some-rule", "category": "input", "severity": "high"}
	raised := object.union(finding(meta, "r", "route r is wrong"), {"title": "Wrong route", "remediation": "Fix it."})
	decided({raised}) == {finding(meta, "r", "route r is wrong")}
}

test_decided_drops_a_finding_without_metadata_prose if {
	meta := {"ruleId": "some-rule", "category": "input", "severity": "high"}
	decided({object.union(finding(meta, "r", "m"), {"title": "Wrong route", "remediation": " "})}) == set()
}
