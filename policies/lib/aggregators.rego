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

# The closed-weight family (Claude, GPT and o-series, Gemini) of a model name, on the name without
# its org prefix: {id, lab, operators}. Nobody outside those operators holds the weights.
closed_family(model) := fams[0] if {
	catalogue_sized(model)
	parts := split(model_key(model), "/")
	name := parts[count(parts) - 1]
	fams := [f | some f in index.closedFamilies; some p in f.patterns; pattern_matches(p, name)]
	count(fams) > 0
}

# Who serves a route's model on an aggregator, per the catalogue: an imported (or recorded) model
# id first, else a closed-model family the aggregator serves under its author prefix
# (`anthropic/claude-sonnet-4.6`). {operators, unknownProviders, complete}; undefined when the
# catalogue does not know the model there.
served_by(route, aggregator_id) := entry if {
	catalogue_sized(route.model.id)
	entry := index.servedBy[aggregator_id].models[model_key(route.model.id)]
} else := entry if {
	catalogue_sized(route.model.id)
	parts := split(model_key(route.model.id), "/")
	count(parts) == 2
	fams := [f |
		some f in index.closedFamilies
		f.id in index.servedBy[aggregator_id].families
		parts[0] in f.authors
		some p in f.patterns
		pattern_matches(p, parts[1])
	]
	count(fams) > 0
	entry := {"operators": fams[0].operators, "unknownProviders": [], "complete": true}
}

# Operators in a denied jurisdiction that serve the route's model on the aggregator today.
denied_serving(route, aggregator_id) := sort([op |
	some op in served_by(route, aggregator_id).operators
	in_denied_jurisdiction(op)
])

# The catalogue knows every operator that serves the model there, and none is in a denied
# jurisdiction: the aggregator cannot route it to one, so no exclusion is needed.
served_outside_denied(route, aggregator_id) if {
	entry := served_by(route, aggregator_id)
	entry.complete == true
	count(entry.unknownProviders) == 0
	count(denied_serving(route, aggregator_id)) == 0
}

# The provider names a route's routing limits it to: `only`, or `order` without fallbacks.
restricted_providers(route) := names if {
	names := object.get(route.routing, "only", [])
	count(names) > 0
} else := names if {
	route.routing.allowFallbacks == false
	names := object.get(route.routing, "order", [])
	count(names) > 0
}

# The providers that can serve a route, each as {label, operator or null}: the named providers of
# `only` / `order` without fallbacks, else every operator the catalogue knows serves the model
# there; undefined when any provider of the aggregator may serve it.
serving_providers(route, aggregator_id) := [p |
	some name in restricted_providers(route)
	p := named_provider(aggregator_id, name)
] if {
	restricted_providers(route)
} else := [{"label": operator_label(op), "operator": op} |
	some op in served_by(route, aggregator_id).operators
] if {
	entry := served_by(route, aggregator_id)
	entry.complete == true
	count(entry.unknownProviders) == 0
}

named_provider(aggregator_id, name) := {"label": operator_label(op), "operator": op} if {
	op := routing_operator(aggregator_id, name)
} else := {"label": sprintf("%s (not in the provider catalogue)", [name]), "operator": null}

# Why a provider that can serve the route may keep (`retainsPrompts`) or train on (`training`)
# prompts: its verified published policy says so, or none is on record (strict).
policy_gap(aggregator_id, provider, field) := sprintf("%s, whose data policy is not on record", [provider.label]) if {
	not index.servedBy[aggregator_id].dataPolicies[provider.operator]
} else := sprintf("%s, whose published policy %s", [provider.label, gap_words[field]]) if {
	index.servedBy[aggregator_id].dataPolicies[provider.operator][field] == true
}

gap_words := {"training": "allows training on prompts", "retainsPrompts": "retains prompts"}

# The providers that can serve a route whose policy allows `field` (training, retainsPrompts) or is
# unknown; undefined when any provider may serve it.
data_policy_gaps(route, aggregator_id, field) := sort({gap |
	some provider in serving_providers(route, aggregator_id)
	gap := policy_gap(aggregator_id, provider, field)
}) if {
	serving_providers(route, aggregator_id)
}
