import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * A small model of "a workload reaching an LLM endpoint" and what it becomes as Kubernetes
 * documents (plain data, exactly what the API server would store). The YAML text is made from
 * these documents by ./emit.ts in a chosen style; the model alone decides the expected verdict,
 * so every rendering of one model must get the same answer.
 */

/** Kinds whose pod spec sits in a different place (src/adapters/workloads/shapes.ts finds it by shape). */
export const KINDS = [
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Job",
  "CronJob",
  "Pod",
  "PodTemplate",
  "Rollout",
  "Workflow",
  "KnativeService",
  "TektonTask",
  "ScaledJob",
  "DeploymentConfig",
  "CronWorkflow",
  "PyTorchJob",
  "CrossplaneObject",
] as const;
export type Kind = (typeof KINDS)[number];

/**
 * `List` (kubectl get -o yaml of several objects) or the typed list (`DeploymentList`) around the
 * workload (`List-all`: around its ConfigMaps and Secrets too; `nested-List`: a List of such a List).
 */
export const WRAPS = ["none", "List", "List-all", "typed", "nested-List"] as const;
export type Wrap = (typeof WRAPS)[number];

/** Where the `modelgate.dev/regulated` key is written (README, label contract). */
export const PLACES = [
  "workload-label",
  "workload-annotation",
  "template-label",
  "template-annotation",
  "namespace-label",
  "namespace-annotation",
  "workload-classification",
  // modelgate.yaml `classification.paths` naming the file (see configOf)
  "config-path",
  // conflicts resolve to the strict side (issue 10, item 6): the model's `regulated` is the stricter value
  "conflict-label-annotation",
  "conflict-workload-template",
  "conflict-namespace-twice",
] as const;
export type Place = (typeof PLACES)[number];

/** How the endpoint reaches the process. */
export const INDIRECTIONS = [
  "env-value",
  "configmap-key-ref",
  "envfrom-configmap",
  "envfrom-configmap-prefix",
  "secret-stringdata-ref",
  "secret-data-base64-envfrom",
  "var-expansion",
  "var-expansion-from-configmap",
  "args-var-expansion",
  // what Kubernetes resolves to the endpoint although another one is written too
  "env-overrides-envfrom",
  "env-duplicate-last-wins",
  "shell-export-args",
  "shell-export-command",
  "litellm-configmap",
] as const;
export type Indirection = (typeof INDIRECTIONS)[number];

export interface Endpoint {
  id: string;
  denied: boolean;
  url: string;
  host: string;
  /** The SDK variable that carries the base URL. */
  variable: string;
  /** The LiteLLM model_list entry that routes to this operator. */
  litellm: { model: string; apiBase?: string };
  /** Documents the endpoint needs in the scan (an in-cluster Service). */
  extra?: Record<string, unknown>[];
}

const VLLM_SERVICE: Record<string, unknown> = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "vllm", namespace: "ml" },
  spec: { selector: { app: "vllm" }, ports: [{ name: "http", port: 8000, targetPort: 8000 }] },
};

interface CatalogOperator {
  id: string;
  jurisdiction: string;
  kind: string;
  hosts: string[];
}

/**
 * Every host of the catalogue's operators (policies/data/providers.json): Chinese-jurisdiction
 * providers and resellers are denied to regulated workloads; providers elsewhere are allowed.
 * Aggregators and gateways are left out: their rules judge the route's preferences, not the host.
 */
function catalogEndpoints(): Endpoint[] {
  const catalog = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "policies", "data", "providers.json"), "utf8")) as { operators: CatalogOperator[] };
  const endpoints: Endpoint[] = [];
  for (const operator of catalog.operators) {
    const denied = operator.jurisdiction === "CN";
    if (!denied && operator.kind !== "provider") continue;
    for (const host of operator.hosts) {
      const url = `https://${host}/v1`;
      endpoints.push({ id: `${operator.id}@${host}`, denied, url, host, variable: "OPENAI_BASE_URL", litellm: { model: "openai/chat-large", apiBase: url } });
    }
  }
  return endpoints;
}

export const CATALOG_ENDPOINTS: readonly Endpoint[] = catalogEndpoints();

export const ENDPOINTS: readonly Endpoint[] = [
  {
    id: "deepseek",
    denied: true,
    url: "https://api.deepseek.com/v1",
    host: "api.deepseek.com",
    variable: "OPENAI_BASE_URL",
    litellm: { model: "deepseek/deepseek-chat" },
  },
  {
    id: "dashscope",
    denied: true,
    url: "https://dashscope.aliyuncs.com/compatible-mode/v1",
    host: "dashscope.aliyuncs.com",
    variable: "OPENAI_BASE_URL",
    litellm: { model: "dashscope/qwen-max" },
  },
  {
    id: "moonshot",
    denied: true,
    url: "https://api.moonshot.cn/v1",
    host: "api.moonshot.cn",
    variable: "OPENAI_BASE_URL",
    litellm: { model: "openai/kimi-k2-0905-preview", apiBase: "https://api.moonshot.cn/v1" },
  },
  {
    id: "zhipu",
    denied: true,
    url: "https://open.bigmodel.cn/api/paas/v4",
    host: "open.bigmodel.cn",
    variable: "OPENAI_BASE_URL",
    litellm: { model: "openai/glm-4.6", apiBase: "https://open.bigmodel.cn/api/paas/v4" },
  },
  {
    id: "minimax",
    denied: true,
    url: "https://api.minimax.chat/v1",
    host: "api.minimax.chat",
    variable: "ANTHROPIC_BASE_URL",
    litellm: { model: "minimax/MiniMax-M2" },
  },
  {
    id: "openai",
    denied: false,
    url: "https://api.openai.com/v1",
    host: "api.openai.com",
    variable: "OPENAI_BASE_URL",
    litellm: { model: "openai/gpt-4o-mini" },
  },
  {
    id: "anthropic",
    denied: false,
    url: "https://api.anthropic.com",
    host: "api.anthropic.com",
    variable: "ANTHROPIC_BASE_URL",
    litellm: { model: "anthropic/claude-sonnet-4-5" },
  },
  {
    id: "in-scan-vllm",
    denied: false,
    url: "http://vllm.ml.svc.cluster.local:8000/v1",
    host: "vllm.ml.svc.cluster.local",
    variable: "OPENAI_BASE_URL",
    litellm: { model: "openai/Qwen/Qwen3-8B", apiBase: "http://vllm.ml.svc.cluster.local:8000/v1" },
    extra: [VLLM_SERVICE],
  },
];

export interface Model {
  kind: Kind;
  wrap: Wrap;
  /** null: no classification anywhere (the default applies). */
  place: Place | null;
  regulated: boolean;
  /**
   * `restricted` data is denied Chinese operators by the modelgate.yaml policy the scan then runs
   * with (`deniedJurisdictions.dataClasses`), whether or not the workload is regulated.
   */
  dataClass: "internal" | "restricted";
  endpoint: Endpoint;
  indirection: Indirection;
  /** Unrelated documents before and after the ones that matter. */
  decoysBefore: number;
  decoysAfter: number;
  /** Write a Namespace document even when it carries no classification. */
  namespaceDoc: boolean;
  name: string;
  /** false: every object in the default namespace, written without `namespace:` (as `kubectl apply` without -n takes it). */
  namespaced: boolean;
  /** ConfigMaps, Secrets, Namespaces and Services in a second file beside the workload's. */
  split: boolean;
  /** Which container carries the endpoint: the only one, the second after a log shipper, or an init container. */
  position: "only" | "second" | "init";
}

export const POSITIONS = ["only", "second", "init"] as const;

/**
 * Violating: a regulated workload, one with restricted data, or an unclassified one (judged by the
 * shipped strict default, `regulated: true`) reaches a denied-jurisdiction operator.
 */
export function violates(model: Model): boolean {
  return (model.regulated || model.dataClass === "restricted" || model.place === null) && model.endpoint.denied;
}

/** The organisation policy a `restricted` model is scanned with (README, modelgate.yaml `policy`). */
export const RESTRICTED_POLICY = ["policy:", "  deniedJurisdictions: {regulated: [CN], dataClasses: {restricted: [CN, RU]}, regimes: {}}"];

const NAMESPACE = "payments";
const TEMPLATE_KINDS: ReadonlySet<Kind> = new Set([
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Job",
  "CronJob",
  "PodTemplate",
  "Rollout",
  "Workflow",
  "KnativeService",
  "ScaledJob",
  "DeploymentConfig",
  "CronWorkflow",
  "PyTorchJob",
  "CrossplaneObject",
]);

/** Whether the kind has a pod template whose metadata classifies the pod. */
export function hasTemplate(kind: Kind): boolean {
  return TEMPLATE_KINDS.has(kind);
}

const API_VERSION: Record<Kind, string> = {
  Deployment: "apps/v1",
  StatefulSet: "apps/v1",
  DaemonSet: "apps/v1",
  ReplicaSet: "apps/v1",
  Job: "batch/v1",
  CronJob: "batch/v1",
  Pod: "v1",
  PodTemplate: "v1",
  Rollout: "argoproj.io/v1alpha1",
  Workflow: "argoproj.io/v1alpha1",
  KnativeService: "serving.knative.dev/v1",
  TektonTask: "tekton.dev/v1",
  ScaledJob: "keda.sh/v1alpha1",
  DeploymentConfig: "apps.openshift.io/v1",
  CronWorkflow: "argoproj.io/v1alpha1",
  PyTorchJob: "kubeflow.org/v1",
  CrossplaneObject: "kubernetes.crossplane.io/v1alpha2",
};

function kindName(kind: Kind): string {
  return kind === "KnativeService" ? "Service" : kind === "TektonTask" ? "Task" : kind === "CrossplaneObject" ? "Object" : kind;
}

const REGULATED = "modelgate.dev/regulated";
const DATA_CLASS = "modelgate.dev/data-class";

function classificationKeys(model: Model): Record<string, string> {
  return { [REGULATED]: model.regulated ? "true" : "false", [DATA_CLASS]: model.dataClass };
}

function lenient(): Record<string, string> {
  return { [REGULATED]: "false", [DATA_CLASS]: "public" };
}

function metadataWith(base: Record<string, unknown>, model: Model, label: Place, annotation: Place): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ...base };
  const labels = (extra: Record<string, string>): void => {
    metadata.labels = { ...(metadata.labels as Record<string, string>), ...extra };
  };
  if (model.place === label) labels(classificationKeys(model));
  if (model.place === annotation) metadata.annotations = { ...classificationKeys(model) };
  if (model.place === "conflict-label-annotation" && label === "workload-label") {
    labels(lenient());
    metadata.annotations = { ...classificationKeys(model) };
  }
  if (model.place === "conflict-workload-template" && label === "workload-label") labels(lenient());
  if (model.place === "conflict-workload-template" && label === "template-label") labels(classificationKeys(model));
  return metadata;
}

interface Container {
  container: Record<string, unknown>;
  /** Documents the container reads (ConfigMaps, Secrets). */
  documents: Record<string, unknown>[];
  volumes: Record<string, unknown>[];
}

/** An endpoint of the other verdict, written where Kubernetes does not read it. */
function otherThan(e: Endpoint): Endpoint {
  return ENDPOINTS.find((other) => other.denied !== e.denied && other.variable === e.variable) ?? ENDPOINTS.find((other) => other.denied !== e.denied)!;
}

function prefixOf(variable: string): string {
  return variable.slice(0, variable.indexOf("_") + 1);
}

function containerFor(model: Model): Container {
  const { endpoint: e, name } = model;
  const image = `ghcr.io/acme/${name}:1.4.2`;
  const base = { name: "app", image };
  const configMap = (data: Record<string, string>): Record<string, unknown> => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${name}-llm`, namespace: NAMESPACE },
    data,
  });
  const secret = (field: "stringData" | "data", data: Record<string, string>): Record<string, unknown> => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: `${name}-llm`, namespace: NAMESPACE },
    type: "Opaque",
    [field]: data,
  });
  switch (model.indirection) {
    case "env-value":
      return { container: { ...base, env: [{ name: e.variable, value: e.url }] }, documents: [], volumes: [] };
    case "configmap-key-ref":
      return {
        container: { ...base, env: [{ name: e.variable, valueFrom: { configMapKeyRef: { name: `${name}-llm`, key: "base-url" } } }] },
        documents: [configMap({ "base-url": e.url, "log-level": "info" })],
        volumes: [],
      };
    case "envfrom-configmap":
      return {
        container: { ...base, envFrom: [{ configMapRef: { name: `${name}-llm` } }] },
        documents: [configMap({ [e.variable]: e.url, LOG_LEVEL: "info" })],
        volumes: [],
      };
    case "envfrom-configmap-prefix": {
      const prefix = prefixOf(e.variable);
      return {
        container: { ...base, envFrom: [{ prefix, configMapRef: { name: `${name}-llm` } }] },
        documents: [configMap({ [e.variable.slice(prefix.length)]: e.url })],
        volumes: [],
      };
    }
    case "secret-stringdata-ref":
      return {
        container: { ...base, env: [{ name: e.variable, valueFrom: { secretKeyRef: { name: `${name}-llm`, key: "base-url" } } }] },
        documents: [secret("stringData", { "base-url": e.url })],
        volumes: [],
      };
    case "secret-data-base64-envfrom":
      return {
        container: { ...base, envFrom: [{ secretRef: { name: `${name}-llm` } }] },
        documents: [secret("data", { [e.variable]: Buffer.from(e.url, "utf8").toString("base64") })],
        volumes: [],
      };
    case "var-expansion":
      return {
        container: {
          ...base,
          env: [
            { name: "LLM_HOST", value: e.host },
            { name: e.variable, value: e.url.replace(e.host, "$(LLM_HOST)") },
          ],
        },
        documents: [],
        volumes: [],
      };
    case "var-expansion-from-configmap":
      return {
        container: {
          ...base,
          envFrom: [{ configMapRef: { name: `${name}-llm` } }],
          env: [{ name: e.variable, value: e.url.replace(e.host, "$(LLM_HOST)") }],
        },
        documents: [configMap({ LLM_HOST: e.host })],
        volumes: [],
      };
    case "env-overrides-envfrom":
      // an `env` entry wins over the same name from `envFrom`
      return {
        container: { ...base, envFrom: [{ configMapRef: { name: `${name}-llm` } }], env: [{ name: e.variable, value: e.url }] },
        documents: [configMap({ [e.variable]: otherThan(e).url })],
        volumes: [],
      };
    case "env-duplicate-last-wins":
      return {
        container: {
          ...base,
          env: [
            { name: e.variable, value: otherThan(e).url },
            { name: e.variable, value: e.url },
          ],
        },
        documents: [],
        volumes: [],
      };
    case "args-var-expansion":
      return {
        container: { ...base, env: [{ name: "LLM_URL", value: e.url }], args: ["serve", "--llm-base-url", "$(LLM_URL)"] },
        documents: [],
        volumes: [],
      };
    case "shell-export-args":
      return {
        container: { ...base, command: ["/bin/sh", "-c"], args: [`export ${e.variable}=${e.url} && exec python -m ${name.replace(/-/g, "_")}`] },
        documents: [],
        volumes: [],
      };
    case "shell-export-command":
      return {
        container: { ...base, command: ["sh", "-c", `export ${e.variable}="${e.url}" && exec /app/server --port 8080`] },
        documents: [],
        volumes: [],
      };
    case "litellm-configmap": {
      const params: Record<string, unknown> = { model: e.litellm.model };
      if (e.litellm.apiBase) params.api_base = e.litellm.apiBase;
      params.api_key = "os.environ/LLM_API_KEY";
      const config = [
        "model_list:",
        "  - model_name: chat",
        "    litellm_params:",
        ...Object.entries(params).map(([k, v]) => `      ${k}: ${String(v)}`),
        "litellm_settings:",
        "  drop_params: true",
        "",
      ].join("\n");
      return {
        container: {
          name: "litellm",
          image: "ghcr.io/berriai/litellm:main-stable",
          args: ["--config", "/app/config.yaml", "--port", "4000"],
          volumeMounts: [{ name: "config", mountPath: "/app/config.yaml", subPath: "config.yaml" }],
        },
        documents: [
          {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: `${name}-litellm`, namespace: NAMESPACE },
            data: { "config.yaml": config },
          },
        ],
        volumes: [{ name: "config", configMap: { name: `${name}-litellm` } }],
      };
    }
  }
}

const LOG_SHIPPER = { name: "log-shipper", image: "cr.fluentbit.io/fluent/fluent-bit:3.2", args: ["-c", "/fluent-bit/etc/fluent-bit.conf"] };

/** The containers of the pod, with the one that matters where the model puts it. */
function containersOf(c: Container, position: Model["position"]): Record<string, unknown> {
  if (position === "second") return { containers: [LOG_SHIPPER, c.container] };
  if (position === "init") return { initContainers: [c.container], containers: [LOG_SHIPPER] };
  return { containers: [c.container] };
}

function podSpec(c: Container, restart: string | null, position: Model["position"]): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (restart) spec.restartPolicy = restart;
  Object.assign(spec, containersOf(c, position));
  if (c.volumes.length > 0) spec.volumes = c.volumes;
  return spec;
}

function workload(model: Model, c: Container): Record<string, unknown> {
  const { kind, name } = model;
  const selectorLabels = { app: name };
  const metadata = metadataWith({ name, namespace: NAMESPACE, labels: { ...selectorLabels } }, model, "workload-label", "workload-annotation");
  const templateMetadata = metadataWith({ labels: { ...selectorLabels } }, model, "template-label", "template-annotation");
  const template = (restart: string | null): Record<string, unknown> => ({ metadata: templateMetadata, spec: podSpec(c, restart, model.position) });
  const head = { apiVersion: API_VERSION[kind], kind: kindName(kind), metadata };
  switch (kind) {
    case "Deployment":
    case "ReplicaSet":
    case "DaemonSet":
      return { ...head, spec: { selector: { matchLabels: selectorLabels }, template: template(null) } };
    case "StatefulSet":
      return { ...head, spec: { serviceName: name, replicas: 1, selector: { matchLabels: selectorLabels }, template: template(null) } };
    case "Rollout":
      return {
        ...head,
        spec: {
          replicas: 2,
          selector: { matchLabels: selectorLabels },
          template: template(null),
          strategy: { canary: { steps: [{ setWeight: 20 }, { pause: { duration: "10m" } }] } },
        },
      };
    case "Job":
      return { ...head, spec: { backoffLimit: 2, template: template("Never") } };
    case "CronJob":
      return { ...head, spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: template("OnFailure") } } } };
    case "ScaledJob":
      return {
        ...head,
        spec: {
          jobTargetRef: { template: template("Never") },
          triggers: [{ type: "rabbitmq", metadata: { queueName: "invoices", hostFromEnv: "RABBITMQ_URL" } }],
        },
      };
    case "Pod":
      return { ...head, spec: podSpec(c, null, model.position) };
    case "PodTemplate":
      return { ...head, template: template(null) };
    case "KnativeService":
      return {
        ...head,
        spec: { template: { metadata: templateMetadata, spec: { ...containersOf(c, model.position), ...(c.volumes.length ? { volumes: c.volumes } : {}) } } },
      };
    case "DeploymentConfig":
      // OpenShift's selector is a plain label map
      return { ...head, spec: { replicas: 1, selector: selectorLabels, template: template(null), triggers: [{ type: "ConfigChange" }] } };
    case "PyTorchJob":
      return {
        ...head,
        spec: { pytorchReplicaSpecs: { Master: { replicas: 1, restartPolicy: "OnFailure", template: template(null) } } },
      };
    case "CronWorkflow": {
      const container = Object.fromEntries(Object.entries(c.container).filter(([key]) => key !== "name"));
      return {
        ...head,
        spec: {
          schedule: "30 2 * * *",
          workflowSpec: {
            entrypoint: "main",
            templates: [{ name: "main", metadata: templateMetadata, container }],
            ...(c.volumes.length ? { volumes: c.volumes } : {}),
          },
        },
      };
    }
    case "CrossplaneObject": {
      // a cluster-scoped Object wrapping the Deployment it creates: the manifest's namespace applies
      const manifest = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace: NAMESPACE, labels: { ...selectorLabels } },
        spec: { selector: { matchLabels: selectorLabels }, template: template(null) },
      };
      const outer = Object.fromEntries(Object.entries(metadata).filter(([key]) => key !== "namespace"));
      return { ...head, metadata: outer, spec: { forProvider: { manifest }, providerConfigRef: { name: "in-cluster" } } };
    }
    case "Workflow": {
      // an Argo template's container is named by its template
      const container = Object.fromEntries(Object.entries(c.container).filter(([key]) => key !== "name"));
      return {
        ...head,
        spec: {
          entrypoint: "main",
          templates: [{ name: "main", metadata: templateMetadata, container }],
          ...(c.volumes.length ? { volumes: c.volumes } : {}),
        },
      };
    }
    case "TektonTask":
      // a Tekton Task runs its steps in order and keeps helpers as sidecars
      return {
        ...head,
        spec: {
          ...(model.position === "second" ? { sidecars: [LOG_SHIPPER] } : {}),
          steps: [c.container],
          ...(c.volumes.length ? { volumes: c.volumes } : {}),
        },
      };
  }
}

const DECOYS: ReadonlyArray<(i: number) => Record<string, unknown>> = [
  (i) => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: `reporting-${i}`, namespace: "ops" } }),
  (i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `feature-flags-${i}`, namespace: "ops" }, data: { "flags.json": '{"dark_mode": true}\n' } }),
  (i) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: `web-${i}`, namespace: "ops", labels: { app: `web-${i}` } },
    spec: { selector: { app: `web-${i}` }, ports: [{ port: 80, targetPort: 8080 }] },
  }),
  (i) => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: `deny-all-${i}`, namespace: "ops" },
    spec: { podSelector: {}, policyTypes: ["Ingress"] },
  }),
];

/** The object as written for the default namespace: no `namespace:` field, the Namespace named `default`. */
function inDefaultNamespace(value: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(value);
  // every object met, embedded manifests and list items included
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    const object = node as Record<string, unknown>;
    const metadata = object.metadata as Record<string, unknown> | undefined;
    if (metadata?.namespace === NAMESPACE) delete metadata.namespace;
    if (object.kind === "Namespace" && metadata?.name === NAMESPACE) metadata.name = "default";
    Object.values(object).forEach(visit);
  };
  visit(copy);
  return copy;
}

/** The documents of one model, in file order (plain data, as the API server would store them). */
export function documentsOf(model: Model): Record<string, unknown>[] {
  const c = containerFor(model);
  const docs: Record<string, unknown>[] = [];
  for (let i = 0; i < model.decoysBefore; i++) docs.push(DECOYS[i % DECOYS.length](i));
  if (model.place === "conflict-namespace-twice") {
    // the same Namespace defined twice: the stricter definition applies, wherever it sits
    docs.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE, labels: classificationKeys(model) } });
    docs.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE, labels: lenient() } });
  } else if (model.namespaceDoc || model.place === "namespace-label" || model.place === "namespace-annotation") {
    docs.push({ apiVersion: "v1", kind: "Namespace", metadata: metadataWith({ name: NAMESPACE }, model, "namespace-label", "namespace-annotation") });
  }
  if (model.place === "workload-classification") {
    docs.push({
      apiVersion: "modelgate.dev/v1",
      kind: "WorkloadClassification",
      metadata: { name: `${model.name}-classification` },
      spec: { dataClass: model.dataClass, regulated: model.regulated },
    });
  }
  const related = [...c.documents, ...(model.endpoint.extra ?? [])];
  const work = workload(model, c);
  if (model.wrap === "nested-List") {
    const inner = { apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items: [...related, work] };
    docs.push({ apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items: [inner] });
  } else if (model.wrap === "List-all") {
    docs.push({ apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items: [...related, work] });
  } else if (model.wrap === "List") {
    docs.push(...related, { apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items: [work] });
  } else if (model.wrap === "typed") {
    docs.push(...related, { apiVersion: work.apiVersion, kind: `${String(work.kind)}List`, metadata: { resourceVersion: "" }, items: [work] });
  } else {
    docs.push(...related, work);
  }
  for (let i = 0; i < model.decoysAfter; i++) docs.push(DECOYS[(i + 2) % DECOYS.length](i + 10));
  return model.namespaced ? docs : docs.map(inDefaultNamespace);
}

/** The modelgate.yaml the scan runs with: the restricted-data policy, classification paths, or none. */
export function configOf(model: Model, files: readonly string[]): string | null {
  const lines = model.dataClass === "restricted" ? [...RESTRICTED_POLICY] : [];
  if (model.place === "config-path") {
    const globs = files.map((file) => `"${file}"`).join(", ");
    lines.push(
      "classification:",
      "  paths:",
      `    - files: [${globs}]`,
      `      classification: {dataClass: ${model.dataClass}, regulated: ${model.regulated}}`,
    );
  }
  return lines.length === 0 ? null : [...lines, ""].join("\n");
}

/** The dimensions the generators draw from (reported in the describe title). */
export function dimensions(): { kinds: number; wraps: number; places: number; indirections: number; positions: number; endpoints: number } {
  return {
    kinds: KINDS.length,
    wraps: WRAPS.length,
    places: PLACES.length,
    indirections: INDIRECTIONS.length,
    positions: POSITIONS.length,
    endpoints: ENDPOINTS.length + CATALOG_ENDPOINTS.length,
  };
}
