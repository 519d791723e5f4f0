package modelgate.lib

# Name hints of a route whose endpoint is hidden: each env var name the adapter saw around it that
# carries a catalogue word (DEEPSEEK in DEEPSEEK_API_KEY) points at that word's operator.
hint_pairs(route) := {[op, hint.variable] |
	some hint in object.get(route, "nameHints", [])
	op := index.envWords[hint.word]
}

# "DeepSeek (CN), from DEEPSEEK_API_KEY, or Alibaba Cloud (...) (CN), from DASHSCOPE_REGION", or "" without hints.
hint_text(route) := concat(", or ", parts) if {
	pairs := hint_pairs(route)
	count(pairs) > 0
	ops := {op | some [op, _] in pairs}
	parts := sort([sprintf("%s, from %s", [operator_label(op), concat(", ", sort([v | some [o, v] in pairs; o == op]))]) | some op in ops])
} else := ""
