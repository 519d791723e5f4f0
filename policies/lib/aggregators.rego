package modelgate.lib

# Provider names in routing preferences compare case-, space-, dot-, hyphen- and underscore-blind
# ("Moonshot AI", "moonshotai", "moonshot-ai" are one provider).
normalize_provider_name(name) := lower(replace(replace(replace(replace(name, " ", ""), ".", ""), "-", ""), "_", ""))

# A provider named in routing preferences: the aggregator's own name table first, then any name,
# slug or id the catalogue knows (Vercel and others use the providers' slugs).
routing_operator(aggregator_id, name) := op if {
	op := index.aggregatorNames[aggregator_id][normalize_provider_name(name)]
} else := op if {
	op := index.providerNames[normalize_provider_name(name)]
}

model_key(model) := trim_prefix(lower(split(model, ":")[0]), "~")

# The company whose model a route asks an aggregator for, from its org prefix ("qwen/..." → Alibaba).
model_origin(route) := op if {
	op := index.modelPrefixes[concat("", [split(model_key(route.model.id), "/")[0], "/"])]
}

else := op if {
	op := index.openWeightOrgs[split(model_key(route.model.id), "/")[0]]
}

# The operator that alone serves a route's model (closed weights): an exact id of the catalogue,
# else a pattern of one (qwen-max* matches qwen-max-latest), on the id without its org prefix.
closed_model_operator(route) := ops[0] if {
	catalogue_sized(route.model.id)
	parts := split(model_key(route.model.id), "/")
	ops := [op | some key in {model_key(route.model.id), parts[count(parts) - 1]}; op := index.closedModels[key]]
	count(ops) > 0
} else := ops[0] if {
	catalogue_sized(route.model.id)
	parts := split(model_key(route.model.id), "/")
	name := parts[count(parts) - 1]
	ops := sort([p.operator | some p in index.closedModelPatterns; pattern_matches(p.pattern, name)])
	count(ops) > 0
}

# Catalogue patterns are a literal prefix and a trailing `*` (qwen-max*): a prefix test, which costs
# a fraction of compiling the glob for every route; any other pattern is a glob.
pattern_matches(pattern, name) if {
	literal_prefix(pattern)
	startswith(name, trim_suffix(pattern, "*"))
}

pattern_matches(pattern, name) if {
	not literal_prefix(pattern)
	glob.match(pattern, ["/"], name)
}

literal_prefix(pattern) if {
	endswith(pattern, "*")
	not regex.match(`[*?\[\]{}]`, trim_suffix(pattern, "*"))
}

# No catalogue model name is longer: a longer value names no closed model, and splitting a value
# a file controls (600,000 slashes) costs the evaluator far more than its length.
catalogue_sized(model) if count(model) <= 256

# Operators in a denied jurisdiction that the aggregator can route to.
denied_routable(aggregator_id) := {op |
	some op in index.aggregatorNames[aggregator_id]
	in_denied_jurisdiction(op)
}

# Vercel AI Gateway's headquarters filter: an allow list without any denied jurisdiction, or a deny
# list naming them all. Providers without a headquarters on record never receive requests.
headquarters_exclude_denied(routing) if {
	count(object.get(routing, "headquartersAllow", [])) > 0
	every country in routing.headquartersAllow {
		not upper(country) in denied_jurisdictions
	}
}

headquarters_exclude_denied(routing) if {
	denied := {upper(c) | some c in object.get(routing, "headquartersDeny", [])}
	count(denied_jurisdictions - denied) == 0
}

known_allowed_names(aggregator_id, names) if {
	count(names) > 0
	every name in names {
		op := routing_operator(aggregator_id, name)
		not in_denied_jurisdiction(op)
	}
}

# Routing preferences that keep every request away from denied-jurisdiction operators.
routing_excludes_denied(route, aggregator_id) if known_allowed_names(aggregator_id, object.get(route.routing, "only", []))

routing_excludes_denied(route, aggregator_id) if {
	route.routing.allowFallbacks == false
	known_allowed_names(aggregator_id, object.get(route.routing, "order", []))
}

routing_excludes_denied(route, _) if headquarters_exclude_denied(route.routing)

routing_excludes_denied(route, aggregator_id) if {
	ignored := {op | some name in object.get(route.routing, "ignore", []); op := routing_operator(aggregator_id, name)}
	count(denied_routable(aggregator_id)) > 0
	count(denied_routable(aggregator_id) - ignored) == 0
}
