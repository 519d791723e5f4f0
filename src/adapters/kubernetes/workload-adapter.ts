/**
 * Kubernetes workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
 * Job, CronJob, Pod): the LLM endpoints their containers call and the models they serve.
 */

import type { ModelServer, Route } from "../../model/canonical";
import type { LabelLayer } from "../classification/resolve";
import type { Adapter, AdapterContext, AdapterOutput } from "../types";
import type { ParsedDocument } from "../../parse/document";
import { seeThroughIndirection } from "../egress";
import { analyzePodSpec } from "./containers";
import { workloadOutput } from "./document";
import { ProblemSink } from "./location";
import { objectNamespace, type KubeObject } from "./objects";
import { isWorkloadObject, podTemplateOf } from "./pod-spec";

function adaptWorkload(doc: ParsedDocument, ctx: AdapterContext): AdapterOutput {
  const object = doc.value as KubeObject;
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

export const kubernetesWorkloadAdapter: Adapter = {
  name: "kubernetes-workload",
  matches: (doc) => isWorkloadObject(doc.value),
  adapt: adaptWorkload,
};
