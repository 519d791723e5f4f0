# METADATA
# title: Modelgate
# description: The aggregating entrypoint every front door evaluates, one canonical document at a time.
package modelgate.main

import data.modelgate.lib

disabled := {id | some id in lib.policy.disabledRules}

# METADATA
# entrypoint: true
findings := [f |
	some f in data.modelgate.rules[_][_].findings
	not f.ruleId in disabled
]
