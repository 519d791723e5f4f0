package modelgate.rules.jurisdiction.flag_unverified_cluster_service_test

import data.modelgate.rules.jurisdiction.flag_unverified_cluster_service as rule
import data.modelgate.test.fixtures as fx

rule_meta := {"ruleId": "flag-unverified-cluster-service", "category": "jurisdiction", "severity": "medium"}

unverified := {"name": "Service platform/llm-gateway", "reason": "the Service is not in the scanned files"}

cluster_route(fields) := fx.route("r", object.union({"endpoint": fx.endpoint_of_kind("llm-gateway.platform.svc.cluster.local", "cluster")}, fields))

test_fail_regulated_unverified_service if {
	findings := rule.findings with input as fx.doc(fx.regulated, [cluster_route({"unverifiedService": unverified})])
	fx.decided(findings) == {fx.finding(rule_meta, "r", "route r reaches Service platform/llm-gateway, which is not verified as self-hosted: the Service is not in the scanned files")}
}

test_pass_service_in_scan if {
	rule.findings == set() with input as fx.doc(fx.regulated, [cluster_route({})])
}

test_pass_unverified_service_null if {
	rule.findings == set() with input as fx.doc(fx.regulated, [cluster_route({"unverifiedService": null})])
}

test_pass_unrestricted_workload if {
	rule.findings == set() with input as fx.doc({"dataClass": "public", "regulated": false}, [cluster_route({"unverifiedService": unverified})])
}

# a relay is already an unknown operator (disallow-unknown-operator); one finding per route is enough
test_pass_relayed_route if {
	route := cluster_route({"unverifiedService": unverified, "relay": {"name": "new-api Deployment gw/new-api", "reason": "channels in its database"}})
	rule.findings == set() with input as fx.doc(fx.regulated, [route])
}
