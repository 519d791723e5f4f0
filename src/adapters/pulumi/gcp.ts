/** Google Cloud resources: Cloud Run services and jobs, and Vertex AI Model Garden deployments. */

import type { ModelServer, Route, WeightSource } from "../../model/canonical";
import { classifyWeights } from "../kubernetes/weights";
import { newRoute } from "../core/route";
import type { AdapterOutput, AdapterSettings } from "../core/types";
import { isUnknownText } from "./unknowns";
import { resourceSource, type PulumiAdapterOptions, type PulumiResource } from "./resource";
import { adaptWorkload, containerSpec, labelsFrom, type ContainerSpec, type EnvEntry, type LabelSpec } from "./workload";

/** The catalogue operator of Vertex AI. */
const VERTEX_AI = "google-vertex";

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** Cloud Run v2 containers: `envs` with a value or a Secret Manager reference, `commands` and `args`. */
function cloudRunContainers(list: unknown, pointer: string): ContainerSpec[] {
  return (Array.isArray(list) ? list : []).map((entry, index) => {
    const container = record(entry);
    const at = `${pointer}/${index}`;
    const env: EnvEntry[] = [];
    (Array.isArray(container.envs) ? container.envs : []).forEach((item, envIndex) => {
      const variable = record(item);
      if (typeof variable.name !== "string") return;
      const secret = record(record(variable.valueSource).secretKeyRef);
      if (typeof variable.value === "string") env.push({ name: variable.name, value: variable.value, pointer: `${at}/envs/${envIndex}` });
      else if (Object.keys(secret).length > 0) {
        const name = `${text(secret.secret) ?? "?"}${secret.version ? `:${text(secret.version) ?? JSON.stringify(secret.version)}` : ""}`;
        env.push({
          name: variable.name,
          value: null,
          reference: { raw: `secret ${name}`, reason: `read from Secret Manager secret ${name} when the container starts` },
          pointer: `${at}/envs/${envIndex}`,
        });
      } else env.push({ name: variable.name, value: "", pointer: `${at}/envs/${envIndex}` });
    });
    return containerSpec(container, index, at, env, "commands");
  });
}

function mergedLabels(resource: PulumiResource, layers: Array<[string, unknown]>): { labels: LabelSpec[]; pointer: string } {
  const byKey = new Map<string, LabelSpec>();
  let pointer = layers[0]?.[0] ?? "";
  for (const [at, map] of layers) {
    const labels = labelsFrom(resource, at, map);
    if (labels.length > 0) pointer = at;
    for (const label of labels) byKey.set(label.key, label); // later (nearer) layers win
  }
  return { labels: [...byKey.values()], pointer };
}

/** `gcp:cloudrunv2/service:Service` and `gcp:cloudrunv2/job:Job`. */
export function adaptCloudRun(resource: PulumiResource, settings: AdapterSettings, options: PulumiAdapterOptions, job: boolean): AdapterOutput {
  const props = resource.props;
  const template = job ? record(record(props.template).template) : record(props.template);
  const templatePointer = job ? "/template/template" : "/template";
  const { labels, pointer } = mergedLabels(resource, [
    ["/labels", props.labels],
    ["/template/labels", record(props.template).labels],
  ]);
  return adaptWorkload(
    {
      kind: job ? "CloudRunJob" : "CloudRunService",
      resource,
      containers: cloudRunContainers(template.containers, `${templatePointer}/containers`),
      labels,
      labelsPointer: pointer,
      unknownInputs: resource.unknownCollections.filter((at) => at.startsWith(`${templatePointer}/containers`)),
    },
    settings,
    options,
  );
}

/**
 * `gcp:vertex/aiEndpointWithModelGardenDeployment:AiEndpointWithModelGardenDeployment`: an open model
 * deployed to an endpoint in the organisation's project, from Model Garden (`publisherModelName`,
 * versioned, served from Google's storage) or from the Hugging Face Hub (`huggingFaceModelId`).
 */
export function adaptVertexDeployment(resource: PulumiResource, settings: AdapterSettings, options: PulumiAdapterOptions): AdapterOutput {
  const props = resource.props;
  const publisher = text(props.publisherModelName);
  const huggingFace = text(props.huggingFaceModelId);
  const model = huggingFace ?? publisher;
  const pointer = huggingFace !== null ? "/huggingFaceModelId" : "/publisherModelName";
  const servers: ModelServer[] = [];
  const routes: Route[] = [];
  if (model !== null) {
    const at = resourceSource(resource, pointer);
    // reported both ways, as a server and as a hosted route: the organisation policy decides which counts
    let weights: WeightSource;
    if (huggingFace !== null && !isUnknownText(huggingFace)) {
      weights = classifyWeights(huggingFace, { revision: null, offline: false, hub: "huggingface" }, at, settings);
    } else {
      const version = publisher?.includes("@") ? publisher.slice(publisher.indexOf("@") + 1) : null;
      weights = {
        ref: model,
        origin: isUnknownText(model) ? "unknown" : "organization",
        hub: null,
        revision: version,
        pin: version !== null ? "pinned" : isUnknownText(model) ? "unverifiable" : "unpinned",
        pinReason: version !== null ? "object-version" : isUnknownText(model) ? "unresolved" : "no-revision",
        offline: true,
        source: at,
      };
    }
    servers.push({ id: `model/${resource.name}`, kind: "vllm", source: at, model, weights, hostedModels: [], ownAccount: true });
    const route = newRoute({
      id: `model/${resource.name}`,
      via: `Vertex AI deployment of ${model} (hosted by Google Cloud)`,
      source: at,
      provider: { sdkPrefix: settings.catalog.primaryPrefix(VERTEX_AI) },
      model: { id: model, raw: model, resolved: !isUnknownText(model) },
    });
    route.ownAccount = true;
    routes.push(route);
  }
  const { labels, pointer: labelsPointer } = mergedLabels(resource, [["/labels", props.labels]]);
  return adaptWorkload({ kind: "VertexAiDeployment", resource, containers: [], labels, labelsPointer, routes, servers }, settings, options);
}
