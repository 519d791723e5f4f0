# METADATA
# title: Regulated route through an aggregator that may pick a denied-jurisdiction operator
# description: |
#   Aggregators such as OpenRouter choose the operator per request, by price by default, and
#   route open-weight models (DeepSeek, Qwen, Kimi, GLM, MiniMax) to their Chinese operators and
#   Chinese resellers among others. A regulated route through an aggregator must carry routing
#   preferences that exclude every operator in a denied jurisdiction: an `only` list of allowed
#   providers, an `order` with `allow_fallbacks: false`, or an `ignore` list naming all of them.
#   A model that only a denied-jurisdiction operator serves (closed weights) has no compliant route.
#   The provider catalogue records who serves which model on each aggregator (`servedBy`, imported
#   from OpenRouter's published endpoints, and the closed-model families of Anthropic, OpenAI,
#   Google and xAI): a model that only operators outside the denied jurisdictions serve there
#   (`anthropic/claude-sonnet-4.6`, `openai/gpt-5.4`) needs no exclusion. A model a denied operator
#   serves, or one the catalogue does not know (open weights, new ids), still needs it, and the
#   finding names the denied operators that serve it today, or says the model is unknown.
#   Each finding's fix names the routing fields of the aggregator at hand (OpenRouter `provider`
#   preferences, the Hugging Face router's `:provider` suffix, Vercel AI Gateway's
#   `providerOptions.gateway`); the text below is the general one.
# custom:
#   id: require-aggregator-jurisdiction-exclusion
#   category: jurisdiction
#   severity: high
#   since: 0.1.0
#   version: 0.2.0
#   remediation: |
#     Add provider routing preferences to the route (OpenRouter `provider.only: [...]` with
#     providers outside the denied jurisdictions, or `provider.order` plus `allow_fallbacks: false`),
#     or call a direct operator outside the denied jurisdictions. For a model only a denied operator
#     serves, pick another model.
package modelgate.rules.jurisdiction.require_aggregator_jurisdiction_exclusion

import data.modelgate.lib

model_name(route) := route.model.id if route.model.id != null

else := "a model chosen at run time"

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	aggregator := lib.aggregator(route)
	operator := lib.closed_model_operator(route)
	lib.in_denied_jurisdiction(operator)
	message := sprintf("%s asks %s for %s, which only %s serves; no routing preference makes this route compliant", [
		route.via, lib.operator(aggregator).name, route.model.id, lib.operator_label(operator),
	])
}

findings contains lib.remedied_finding(rego.metadata.chain(), route, remedy(aggregator), message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	aggregator := lib.aggregator(route)
	not closed_outside_denied(route)
	not closed_inside_denied(route)
	not lib.served_outside_denied(route, aggregator)
	not lib.routing_excludes_denied(route, aggregator)
	message := sprintf("%s sends %s through %s without routing preferences that exclude operators in %s%s (%s)", [
		route.via, model_name(route), lib.operator(aggregator).name, lib.denied_list, who_serves(route, aggregator), hint(aggregator),
	])
}

# Why the exclusion is needed: the route's own provider list names a denied or unknown provider,
# the denied operators that serve the model there today, or that the catalogue does not know who does.
who_serves(route, aggregator) := sprintf("; its provider list names %s", [concat(", ", named)]) if {
	named := [label | some name in lib.restricted_providers(route); label := named_outside(aggregator, name)]
	count(named) > 0
} else := sprintf("; %s serve%s it there today", [concat(", ", labels), plural(labels)]) if {
	labels := [lib.operator_label(op) | some op in lib.denied_serving(route, aggregator)]
	count(labels) > 0
} else := sprintf("; %s also routes it to providers the catalogue does not know (%s)", [lib.operator(aggregator).name, concat(", ", entry.unknownProviders)]) if {
	entry := lib.served_by(route, aggregator)
	count(entry.unknownProviders) > 0
} else := sprintf("; the provider catalogue does not record which operators serve %s there, so any of them may", [route.model.id]) if {
	route.model.id != null
}

else := ""

# A provider of a routing list that is in a denied jurisdiction, or unknown to the catalogue.
named_outside(aggregator, name) := lib.operator_label(op) if {
	op := lib.routing_operator(aggregator, name)
	lib.in_denied_jurisdiction(op)
} else := sprintf("%s (not in the provider catalogue)", [name]) if {
	not lib.routing_operator(aggregator, name)
}

plural(labels) := "s" if count(labels) == 1

else := ""

# The routing fields of each aggregator, for the message and the remedy of its routes.
hints := {
	"openrouter": "set provider.only, or provider.order with allow_fallbacks: false",
	"huggingface": "pin the inference provider with a :provider suffix on the model id, or the provider field",
	"vercel-ai-gateway": "set providerOptions.gateway.only, or providerOptions.gateway.order",
}

hint(aggregator) := text if {
	text := hints[aggregator]
}

else := "restrict the providers it may route to, or call an operator directly"

remedies := {
	"openrouter": sprintf("Add OpenRouter provider routing to the route (LiteLLM `extra_body.provider`, the request body or the preset): `provider.only: [...]` listing providers outside %s, or `provider.order: [...]` with `allow_fallbacks: false`, or `provider.ignore: [...]` naming every operator in %s, with `data_collection: deny`. For a model only a denied operator serves, pick another model.", [lib.denied_list, lib.denied_list]),
	"huggingface": sprintf("Pin the Hugging Face router to one inference provider outside %s: append `:<provider>` to the model id (`meta-llama/Llama-3.3-70B-Instruct:together`) or send `provider` in the request, instead of the default `:auto`, `:fastest` or `:cheapest` selection; or call that provider directly.", [lib.denied_list]),
	"vercel-ai-gateway": sprintf("Set Vercel AI Gateway provider options on the call: `providerOptions.gateway.only: [...]` with providers outside %s, or `providerOptions.gateway.order: [...]`, or a headquarters allow list (`providerOptions.gateway.headquarters`) that leaves out %s; or set it team-wide.", [lib.denied_list, lib.denied_list]),
}

remedy(aggregator) := text if {
	text := remedies[aggregator]
}

else := sprintf("Restrict the providers %s may route this model to, to operators outside %s, or call an operator outside them directly. For a model only a denied operator serves, pick another model.", [lib.operator(aggregator).name, lib.denied_list])

closed_outside_denied(route) if {
	operator := lib.closed_model_operator(route)
	not lib.in_denied_jurisdiction(operator)
}

closed_inside_denied(route) if lib.in_denied_jurisdiction(lib.closed_model_operator(route))
