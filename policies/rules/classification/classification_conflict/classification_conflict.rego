# METADATA
# title: Classification sources disagree
# description: |
#   Two sources that stand at the same level set one classification key differently: a label and
#   an annotation on one object, a workload and its pod template, two definitions of one Namespace
#   or ConfigMap in the scan, or the workloads that mount a LiteLLM ConfigMap. The stricter value
#   applies (the higher data class, `regulated: true`, every regime named, the lower budget cap),
#   so nothing is judged less strictly than one of its sources says; but which value the owner
#   meant is unknown, and a disagreement usually means one source is stale.
# custom:
#   id: classification-conflict
#   category: classification
#   severity: high
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Make the sources named in the message agree: remove the stale label, annotation or duplicate
#     definition, or set the same value on both.
package modelgate.rules.classification.classification_conflict

import data.modelgate.lib

# The value the workload's classification holds for a conflict's key ("budget.usdMonthly" is a
# budget field); what the rules judge it by.
# null when the classification holds none, so a conflict is never dropped for want of a value.
applied(key) := object.get(classification, ["budget", trim_prefix(key, "budget.")], null) if {
	startswith(key, "budget.")
} else := object.get(classification, key, null)

classification := input.classification if is_object(input.classification)

else := {}

at(value) := sprintf("%s %s:%d", [value.origin, value.source.file, value.source.line])

seen(conflict) := concat(", ", [sprintf("%s (%s)", [json.marshal(value.value), at(value)]) | some value in conflict.values])

# The finding points at the source whose value applies, else at the first source.
location(conflict) := applying[0] if {
	applying := [value.source | some value in conflict.values; value.value == applied(conflict.key)]
	count(applying) > 0
} else := conflict.values[0].source

findings contains lib.finding(rego.metadata.chain(), subject, message) if {
	not lib.speculative
	some conflict in object.get(input, "classificationConflicts", [])
	subject := {"id": concat("", ["classification.", conflict.key]), "source": location(conflict)}
	message := sprintf("classification %s is set differently by sources of one level: %s; %s applies", [
		conflict.key,
		seen(conflict),
		json.marshal(applied(conflict.key)),
	])
}
