package modelgate.lib

policy := data.modelgate.policy

regulated if input.classification.regulated == true

sensitive if input.classification.dataClass in {c | some c in policy.sensitiveDataClasses}

# Jurisdictions this workload must never reach, from every part of its classification.
denied_jurisdictions contains jurisdiction if {
	regulated
	some jurisdiction in policy.deniedJurisdictions.regulated
}

denied_jurisdictions contains jurisdiction if {
	some jurisdiction in policy.deniedJurisdictions.dataClasses[input.classification.dataClass]
}

denied_jurisdictions contains jurisdiction if {
	some regime in input.classification.regimes
	some jurisdiction in policy.deniedJurisdictions.regimes[regime]
}

jurisdiction_restricted if count(denied_jurisdictions) > 0

# A workload whose endpoints must be known: an unknown one could be anywhere.
endpoint_restricted if jurisdiction_restricted

endpoint_restricted if sensitive

denied_list := concat(", ", sort([j | some j in denied_jurisdictions]))
