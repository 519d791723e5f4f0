# METADATA
# title: Finding helper
# description: |
#   Builds every finding from the METADATA chain of the rule that raised it, so rule ids,
#   severities, categories and remediation text are written once, in METADATA, and never by hand.
package modelgate.lib

docs_base := "https://modelgate.dev/rules/"

# The annotations of the nearest scope that declares a rule id (the rule's package).
rule_metadata(chain) := [annotations |
	some entry in chain
	annotations := entry.annotations
	annotations.custom.id
][0]

# finding(chain, subject, message): subject is the route, server, problem or document the
# finding is about; its `source` becomes the finding's location and its `id` the stable key.
finding(chain, subject, message) := {
	"ruleId": meta.custom.id,
	"title": meta.title,
	"category": meta.custom.category,
	"severity": meta.custom.severity,
	"message": message,
	"remediation": trim_space(meta.custom.remediation),
	"docsUrl": concat("", [docs_base, meta.custom.id]),
	"resource": object.get(input, ["workload", "resource"], ""),
	"subject": object.get(subject, "id", ""),
	"source": object.get(subject, "source", object.get(input, ["workload", "source"], {"file": "", "line": 0, "column": 0, "pointer": ""})),
} if {
	meta := rule_metadata(chain)
}

# A finding of a rule whose severity depends on what the subject could expose: the rule's METADATA
# severity is the highest it reports, and its description says how the severity is chosen.
graded_finding(chain, subject, severity, message) := object.union(finding(chain, subject, message), {"severity": severity}) if {
	severity in {"low", "medium", "high", "critical"}
}

# A finding whose remediation names the fields of the subject at hand (the aggregator's own routing
# fields, an unknown prefix): the rule's METADATA remediation stays the general text of its docs.
remedied_finding(chain, subject, remediation, message) := object.union(finding(chain, subject, message), {"remediation": trim_space(remediation)})
