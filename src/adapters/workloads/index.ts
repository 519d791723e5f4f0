/**
 * Kubernetes workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
 * Job, CronJob, Pod): the LLM endpoints their containers call and the models they serve.
 */

import type { ModelServer, Route } from "../../model/canonical";
import type { LabelLayer } from "../classification/resolve";
import type { Adapter, AdapterContext, AdapterOutput, Claimed } from "../core/types";
import { joinsClusterNames, seeThroughIndirection } from "../egress";
import { joinsKinds } from "../core/scan-index";

const joinsEnvSources = joinsKinds("ConfigMap", "Secret");
import { analyzePodSpec } from "../kubernetes/containers";
import { workloadOutput } from "../kubernetes/document";
import { ProblemSink } from "../kubernetes/location";
import { objectNamespace, type KubeObject } from "../core/objects";
import { isWorkloadObject, podTemplateOf } from "../kubernetes/pod-spec";

function adaptWorkload({ doc, value: object }: Claimed<KubeObject>, ctx: AdapterContext): AdapterOutput {
  const problems = new ProblemSink();
  const namespace = objectNamespace(object);
  const layers: LabelLayer[] = [{ origin: "resource", doc, metadataPointer: "/metadata", metadata: object.metadata }];
  const routes: Route[] = [];
  const servers: ModelServer[] = [];
  const template = podTemplateOf(doc, object, problems);
  if (template) {
    if (template.metadataPointer !== null) {
      layers.push({ origin: "pod-template", doc, metadataPointer: template.metadataPointer, metadata: template.metadata });
    }
    for (const container of analyzePodSpec(template.spec, template.specLoc, namespace, ctx, problems)) {
      if (container.server) servers.push(container.server);
      // in-cluster names followed to the operator behind them (ExternalName, ServiceEntry, relays), proxies added
      routes.push(...seeThroughIndirection(container, namespace, ctx));
    }
  }
  return workloadOutput({ doc, object, layers, routes, servers, problems }, ctx);
}

export const kubernetesWorkloadAdapter: Adapter<KubeObject> = {
  name: "kubernetes-workload",
  claim: (doc) => (isWorkloadObject(doc.value) ? { doc, value: doc.value } : null),
  adapt: adaptWorkload,
  // env from ConfigMaps and Secrets; in-cluster names followed through Services, mesh objects and relays
  joins: (value, catalog) => joinsEnvSources(value) || joinsClusterNames(value, catalog),
};
