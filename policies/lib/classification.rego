package modelgate.lib

policy := data.modelgate.policy

# The classification the rules judge: the workload's own (labels, documents, project config, as
# the adapter reported it), with the organisation's default classification filling what it leaves
# unset, key by key and budget field by budget field. null when neither says anything.
classification := merge_classification(input.classification, policy.defaultClassification) if {
	is_object(input.classification)
	is_object(policy.defaultClassification)
} else := input.classification if {
	is_object(input.classification)
} else := policy.defaultClassification if {
	is_object(policy.defaultClassification)
} else := null

merge_classification(nearer, base) := object.union(object.union(base, nearer), {"budget": budget}) if {
	budget := object.union(object.get(base, "budget", {}), object.get(nearer, "budget", {}))
	count(budget) > 0
} else := object.union(base, nearer)

regulated if classification.regulated == true

sensitive if classification.dataClass in {c | some c in policy.sensitiveDataClasses}

# Jurisdictions this workload must never reach, from every part of its classification.
denied_jurisdictions contains jurisdiction if {
	regulated
	some jurisdiction in policy.deniedJurisdictions.regulated
}

denied_jurisdictions contains jurisdiction if {
	some jurisdiction in policy.deniedJurisdictions.dataClasses[classification.dataClass]
}

denied_jurisdictions contains jurisdiction if {
	some regime in classification.regimes
	some jurisdiction in policy.deniedJurisdictions.regimes[regime]
}

jurisdiction_restricted if count(denied_jurisdictions) > 0

# A workload whose endpoints must be known: an unknown one could be anywhere.
endpoint_restricted if jurisdiction_restricted

endpoint_restricted if sensitive

denied_list := concat(", ", sort([j | some j in denied_jurisdictions]))
