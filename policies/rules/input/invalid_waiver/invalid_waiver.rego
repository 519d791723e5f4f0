# METADATA
# title: Waiver is invalid
# description: |
#   A waiver (a `modelgate.dev/waivers` annotation on a resource or a WorkloadClassification
#   document, an entry of `waivers.entries` in modelgate.yaml, or of stack config
#   `modelgate:waivers` in the Pulumi pack) is malformed, names an unknown rule, has no reason or
#   no expiry, has expired, or runs further ahead than the configured maximum (`waivers.maxDays`,
#   90 days by default), or is written where waivers are not read (a label, a cloud resource's
#   tags). An invalid waiver waives nothing, so the finding it meant to accept is reported too.
#   Waivers are checked where they are read, outside the rules: the post-engine step both the CLI
#   and the pack run builds these findings from this METADATA, and any front door may hand the
#   problems it found to the bundle as `waiverProblems` ({message, source}) on the document.
# custom:
#   id: invalid-waiver
#   category: input
#   severity: high
#   since: 0.2.0
#   version: 0.2.0
#   remediation: |
#     Give the waiver a rule id from `modelgate rules`, a reason, and an expiry date (YYYY-MM-DD)
#     no later than the maximum; renew an expired waiver only after reviewing the risk again, or
#     fix the finding and delete the waiver.
package modelgate.rules.input.invalid_waiver

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), problem, problem.message) if {
	some problem in input.waiverProblems
}
