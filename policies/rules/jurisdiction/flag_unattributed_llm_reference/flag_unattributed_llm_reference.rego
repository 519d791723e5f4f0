# METADATA
# title: A file names an LLM operator that no recognised route accounts for
# description: |
#   The residual sweep reads every string and key of every scanned document after the adapters. A
#   value that names an LLM operator's API host (or a homoglyph lookalike of one), an SDK provider
#   prefix with a model, or a provider key variable, where no route, model server, proxy or reported
#   problem of the scan accounts for it, is a way to reach that operator the scan cannot follow: a
#   ConfigMap with no consumer in the scan, a `.env`, TOML or INI blob in a variable, JSON under an
#   unknown key, `JAVA_TOOL_OPTIONS=-D...url=`, `python -c "...base_url=..."`. Nothing of that kind
#   may pass silently.
#
#   The severity follows what the reference could expose. `critical`: the operator is in a denied
#   jurisdiction and the classification in force denies it. `high`: the data is sensitive (only
#   self-hosted weights are allowed, and any operator's API is hosted), or the operator is in a
#   denied jurisdiction and nothing classifies the workload. `medium`: a regulated workload names an
#   operator outside the denied jurisdictions the scan cannot attribute (aggregators may route
#   anywhere, caps cannot be checked). `low`: anything else, so the reference is still listed; and
#   so is a provider key variable of an operator outside the denied jurisdictions held in a Secret,
#   or in what writes one (an ExternalSecret, a SealedSecret, a kustomization's secretGenerator),
#   or in a SOPS-encrypted file, that no workload of the scan loads: a credential at rest, not a
#   way traffic goes.
# custom:
#   id: flag-unattributed-llm-reference
#   category: jurisdiction
#   severity: critical
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Make the reference readable as a route: put the base URL, SDK prefix or key in a variable or
#     config the workload reads (the adapters follow env, envFrom, ConfigMaps, Secrets, LiteLLM,
#     Portkey and Kong configs), scan the workload that consumes it together with this file, or
#     delete the reference. A deny list under a key naming it so (egressDeny, blockedHosts) is not
#     reported.
package modelgate.rules.jurisdiction.flag_unattributed_llm_reference

import data.modelgate.lib

# The operator a sighting names, as the other jurisdiction rules find it.
operator_of(sighting) := op if {
	sighting.kind == "host"
	is_string(sighting.lookalikeOf)
	op := lib.host_operator(sighting.lookalikeOf)
} else := op if {
	sighting.kind == "host"
	op := lib.host_operator(sighting.host)
} else := op if {
	sighting.kind == "sdk-prefix"
	op := lib.index.prefixes[lower(sighting.prefix)]
} else := op if {
	sighting.kind == "key-variable"
	op := lib.index.keyVars[sighting.keyVar]
}

denied(op) if lib.in_denied_jurisdiction(op)

# The default denied jurisdictions apply when nothing classifies the workload: it may be regulated.
unclassified_denied(op) if {
	lib.classification == null
	lib.index.operators[op].jurisdiction in {j | some j in lib.policy.deniedJurisdictions.regulated}
}

# Objects that hold credentials, or write the Secret that does; SopsFile: a file SOPS encrypted in place.
credential_holders := {"Secret", "ExternalSecret", "ClusterExternalSecret", "SealedSecret", "Kustomization", "SopsFile"}

# A key variable in a credential holder no workload loads (a loaded one's keys are its routes').
stored_credential(sighting) if {
	sighting.kind == "key-variable"
	input.workload.kind in credential_holders
}

severity(op, sighting) := "critical" if {
	lib.jurisdiction_restricted
	denied(op)
} else := "high" if {
	lib.sensitive
} else := "high" if {
	unclassified_denied(op)
} else := "low" if {
	stored_credential(sighting)
} else := "medium" if {
	lib.regulated
} else := "low"

described(sighting) := sprintf("%s (it imitates %s)", [sighting.seen, sighting.lookalikeOf]) if {
	is_string(sighting.lookalikeOf)
} else := sighting.seen

kind_text := {"host": "host", "sdk-prefix": "SDK provider prefix", "key-variable": "provider key variable"}

findings contains lib.graded_finding(rego.metadata.chain(), sighting, severity(op, sighting), message) if {
	some sighting in object.get(input, "sightings", [])
	op := operator_of(sighting)
	message := sprintf("%s names %s %s of %s, and no route the scan recognised accounts for it", [
		input.workload.resource, kind_text[sighting.kind], described(sighting), lib.operator_label(op),
	])
}
