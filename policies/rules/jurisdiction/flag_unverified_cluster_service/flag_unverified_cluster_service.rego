# METADATA
# title: Regulated workload calls an in-cluster name whose Service is not in the scan
# description: |
#   The route's endpoint is an in-cluster name (`svc`, `svc.ns`, `svc.ns.svc.cluster.local`), or a
#   proxy the route was followed through forwards to one, and its Service is not among the scanned
#   files (nor an InferencePool or KServe InferenceService that stands for it), so nothing shows
#   what answers there: usually the team's own model server deployed from another repository, but
#   it can as well be an ExternalName alias, a relay (one-api, new-api) or a reverse proxy to any
#   operator. Such a name is not trusted as self-hosted silently. Severity medium, not high: the common case is a real in-house server, and
#   blocking every call to a Service kept in another repository would fail correct deployments;
#   the finding says the self-hosted claim is unverified, and a Service that the scan holds is
#   followed (ExternalName, relays, proxy configuration) and decided by the other jurisdiction rules.
# custom:
#   id: flag-unverified-cluster-service
#   category: jurisdiction
#   severity: medium
#   since: 0.1.0
#   version: 0.1.0
#   remediation: |
#     Scan the Service (and the workload behind it) together with this workload, for example by
#     adding its manifest directory to the scanned paths, or record a waiver naming the Service once
#     it is known to serve a model in the cluster.
package modelgate.rules.jurisdiction.flag_unverified_cluster_service

import data.modelgate.lib

findings contains lib.finding(rego.metadata.chain(), route, message) if {
	lib.jurisdiction_restricted
	some route in lib.routes
	lib.unverified_service(route)
	message := sprintf("%s reaches %s, which is not verified as self-hosted: %s", [
		route.via, route.unverifiedService.name, route.unverifiedService.reason,
	])
}
