# METADATA
# title: Input could not be read or understood
# description: |
#   A file could not be read or parsed (invalid YAML or JSON, binary content, over the size limit,
#   an alias bomb, nesting too deep), or a recognised configuration has a value the adapter cannot
#   interpret. Such input is always reported, never silently skipped.
# custom:
#   id: invalid-input
#   category: input
#   severity: high
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Fix the file at the reported position so it parses, or exclude it from the scanned paths.
package modelgate.rules.input.invalid_input

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), problem, problem.message) if {
	some problem in input.problems
}
