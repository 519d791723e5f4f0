// Generated from schemas/llm-usage.schema.json by `npm run gen:model`: edit the schema, not this file.
// Hand-written helpers of the model live in src/model/canonical.ts.

/**
 * Sensitivity of the data the workload sends in prompts, lowest to highest.
 */
export type DataClass = "public" | "internal" | "confidential" | "restricted";
/**
 * A regulatory regime, lowercase kebab-case. An open set: hipaa, pci-dss, gdpr, sox, glba, fedramp, itar, ...
 */
export type Regime = string;
export type ClassificationOrigin = "resource" | "pod-template" | "namespace" | "document" | "config" | "default";
/**
 * How a host was recognised, before any catalogue lookup: dns (a public-looking DNS name), cluster (a Kubernetes service name: single label, *.svc, *.svc.cluster.local), localhost, private (a special-use name only the machine or site network resolves: *.internal such as host.docker.internal, *.local, *.home.arpa), ipv4, ipv6.
 */
export type HostKind = "dns" | "cluster" | "localhost" | "private" | "ipv4" | "ipv6";
/**
 * Findings of the normaliser about a URL written in an evasive or ambiguous way: userinfo (user:pass@ before the host), backslash (parsers disagree about the host), mixed-script (an IDN label mixing scripts, a homoglyph), non-ascii (an internationalised host, mapped through UTS-46), percent-encoded-host, ip-literal, missing-scheme, whitespace.
 */
export type EndpointProblem = "userinfo" | "backslash" | "mixed-script" | "non-ascii" | "percent-encoded-host" | "ip-literal" | "missing-scheme" | "whitespace";
/**
 * What is counted: all tokens, tokens of one direction only, US dollars, or requests.
 */
export type CapMetric = "tokens" | "input-tokens" | "output-tokens" | "usd" | "requests";
/**
 * The window a cap resets over: a number of seconds, days or calendar months, or never (lifetime).
 */
export type CapWindow =
  | {
      unit: "seconds" | "days" | "months";
      count: number;
    }
  | {
      unit: "lifetime";
      count: null;
    };
export type NullableNumber = number | null;
export type ModelServerKind = "vllm" | "tgi" | "sglang" | "ollama" | "nim" | "kserve" | "llamacpp" | "llmkube";
/**
 * What names the operator: an API host (or a lookalike of one), an SDK provider prefix with a model (`deepseek/deepseek-chat`), or a provider key variable.
 */
export type SightingKind = "host" | "sdk-prefix" | "key-variable";

/**
 * What every adapter produces and every rule reads: one workload, its classification, the LLM routes it can reach, the model servers it runs, and where each fact was found. The TypeScript types in src/model/canonical.generated.ts are generated from this schema (npm run gen:model); every $defs key is the camel-case name of its type.
 */
export interface LlmUsageDocument {
  apiVersion: "modelgate.dev/v1";
  kind: "LLMUsage";
  workload: Workload;
  classification: null | Classification;
  classificationSource: null | ClassificationSource;
  /**
   * Schema failures of the classification the workload carries.
   */
  classificationErrors: Problem[];
  /**
   * Keys that sources of one level set differently (a label and an annotation, a workload and its pod template, two definitions of one Namespace or ConfigMap, the workloads mounting a ConfigMap). The classification holds the stricter value; each conflict is reported. Absent or empty when the sources agree.
   */
  classificationConflicts?: ClassificationConflict[];
  routes: Route[];
  servers: ModelServer[];
  limits: Limits;
  /**
   * What the adapter could not understand; reported, never dropped.
   */
  problems: Problem[];
  /**
   * Places where the workload's models, and so its endpoints, are configured at run time outside the scanned files (LiteLLM general_settings.store_model_in_db): what they route to cannot be checked. Absent or empty when there are none.
   */
  runtimeModels?: RuntimeModelSource[];
  /**
   * References to an LLM operator that no recognised route, server or proxy of the scan accounts for, found by the residual sweep over every string and key of the document (a host, an SDK provider prefix with a model, a provider key variable). Absent or empty when there are none.
   */
  sightings?: Sighting[];
  /**
   * Invalid waivers a front door found before evaluation, each reported by the invalid-waiver rule; absent when there are none to hand over.
   */
  waiverProblems?: ReportedWaiverProblem[];
}
export interface Workload {
  /**
   * The kind of thing that sends prompts: Deployment, CronJob, LiteLLMProxy, ...
   */
  kind: string;
  name: string;
  namespace: string | null;
  /**
   * Stable id shown in findings: "Deployment/prod/chat-api", "LiteLLMProxy/gateway/config.yaml".
   */
  resource: string;
  source: SourceLocation;
}
/**
 * Where a value came from: a file position plus a JSON pointer into the parsed document.
 */
export interface SourceLocation {
  /**
   * Path relative to the scan's working directory, or a Pulumi URN for resources.
   */
  file: string;
  /**
   * 1-based line; 0 when the input has no text positions.
   */
  line: number;
  /**
   * 1-based column; 0 when the input has no text positions.
   */
  column: number;
  /**
   * RFC 6901 JSON pointer into the source document ("" is the document itself).
   */
  pointer: string;
  /**
   * Index of the document within a multi-document file, set while line and column are still 0 and to be resolved: positions cost a second parse, so they are computed only for what is reported.
   */
  document?: number;
}
/**
 * A workload's classification. Every property is optional; rules treat a missing property as unknown.
 */
export interface Classification {
  dataClass?: DataClass;
  /**
   * True when the workload falls under a regulation that forbids denied-jurisdiction operators.
   */
  regulated?: boolean;
  regimes?: Regime[];
  budget?: Budget;
  /**
   * Team or person accountable for the workload.
   */
  owner?: string;
}
/**
 * Spending and token caps the workload must stay within.
 */
export interface Budget {
  /**
   * Monthly budget in USD.
   */
  usdMonthly?: number;
  /**
   * Monthly token cap (input + output).
   */
  tokensMonthly?: number;
  /**
   * Largest request (input + output tokens) allowed.
   */
  maxTokensPerRequest?: number;
}
export interface ClassificationSource {
  origin: ClassificationOrigin;
  source: SourceLocation;
}
export interface Problem {
  message: string;
  source: SourceLocation;
}
export interface ClassificationConflict {
  /**
   * The classification key: dataClass, regulated, regimes, owner, or budget.<field>.
   */
  key: string;
  /**
   * Every value a source of the level set, with where (at least two, not all equal).
   */
  values: {
    /**
     * The value as the classification holds it: a data class or owner, the regulated flag, a budget cap, or the sorted list of regimes.
     */
    value: string | boolean | number | string[];
    origin: ClassificationOrigin;
    source: SourceLocation;
  }[];
}
/**
 * One LLM endpoint a workload can reach.
 */
export interface Route {
  /**
   * Unique within its document, stable across runs (used for baselines).
   */
  id: string;
  /**
   * Human-readable origin, e.g. "env OPENAI_BASE_URL" or "LiteLLM model_list[0] cheap-chat".
   */
  via: string;
  source: SourceLocation;
  endpoint: null | Endpoint;
  /**
   * Set when the endpoint is named but cannot be resolved statically.
   */
  unresolvedEndpoint: null | UnresolvedValue;
  provider: ProviderHints;
  model: ModelRef;
  /**
   * Present when the route goes through an aggregator that can pick the operator per request.
   */
  routing: null | AggregatorRouting;
  limits: Limits;
  /**
   * Other routes this one falls back to (ids within the document).
   */
  fallbacks: string[];
  /**
   * True for an egress permission (an Istio ServiceEntry host, an egress policy FQDN) rather than a call: the jurisdiction rules apply, the budget rules do not.
   */
  egress?: boolean;
  /**
   * True for a whole input unknown during preview that may hold an endpoint (a Pulumi env map): policies/lib counts it only for workloads whose endpoints must be known.
   */
  unknownInput?: boolean;
  /**
   * The hops the adapters followed from the address the client wrote to this endpoint (a Service of the scan, a proxy, a sidecar): the scan shows what answers there.
   */
  reachedThrough?: string[];
  /**
   * On a forward-proxy route: the ids of the routes whose calls go through it (scheme and NO_PROXY respected).
   */
  proxyFor?: string[];
  /**
   * True for a model the organisation deploys in its own cloud account (SageMaker, Vertex AI Model Garden); policy.ownAccountEndpointsSelfHosted decides whether it is self-hosted.
   */
  ownAccount?: boolean;
  /**
   * Set when the endpoint is a relay that forwards to an operator the scan cannot see.
   */
  relay?: null | Relay;
  /**
   * Environment variable names around a route whose endpoint is hidden (the same container's env, the same LiteLLM deployment's os.environ references) that carry a word the catalogue ties to an operator (DEEPSEEK in DEEPSEEK_API_KEY, VOLCES in VOLCES_REGION). Facts only: policies/lib maps each word to its operator.
   *
   * @maxItems 32
   */
  nameHints?: NameHint[];
  /**
   * Set when the endpoint is an in-cluster name (svc, svc.ns, svc.ns.svc.cluster.local) whose Service the scan does not hold: what answers there, a model server or a relay to any operator, is not known.
   */
  unverifiedService?: null | Relay;
}
/**
 * A statically resolved LLM endpoint, normalised so that rules compare exact hosts.
 */
export interface Endpoint {
  /**
   * The value as written.
   */
  raw: string;
  /**
   * WHATWG-normalised URL without userinfo, query or fragment.
   */
  url: string;
  scheme: "http" | "https" | "ws" | "wss";
  /**
   * ASCII (punycode) lowercase host without a trailing dot; IPv6 in brackets.
   */
  host: string;
  /**
   * Explicit port, or null for the scheme default.
   */
  port: number | null;
  path: string;
  /**
   * eTLD+1 from the Public Suffix List, or null (IP literals, cluster names, localhost).
   */
  registrableDomain: string | null;
  hostKind: HostKind;
  problems: EndpointProblem[];
  /**
   * Other hosts another URL parser would read from the same text (e.g. Python for backslashes).
   */
  alternateHosts: string[];
  /**
   * A catalogue host this one imitates with confusable characters, if any.
   */
  lookalikeOf: string | null;
}
/**
 * A value that names an endpoint but cannot be known statically (`${VAR}`, secret refs, runtime choice).
 */
export interface UnresolvedValue {
  raw: string;
  reason: string;
}
export interface ProviderHints {
  /**
   * SDK / gateway provider prefix, lowercase, e.g. "deepseek" from LiteLLM `deepseek/deepseek-chat`.
   */
  sdkPrefix: string | null;
  /**
   * The provider key variable that selects a default host, e.g. DEEPSEEK_API_KEY.
   */
  keyVar: string | null;
  /**
   * A generic provider type that defers to the endpoint, e.g. "openai" in LiteLLM `openai/...`.
   */
  type: string | null;
}
export interface ModelRef {
  /**
   * Model id as the provider sees it, prefixes such as `openrouter/` removed, or null when not known.
   */
  id: string | null;
  raw: string | null;
  /**
   * False when the model is chosen at run time or hidden behind indirection.
   */
  resolved: boolean;
}
/**
 * Routing preferences of an aggregator route (OpenRouter `provider`, Vercel `providerOptions.gateway`), including restrictions an assigned guardrail or workspace setting adds.
 */
export interface AggregatorRouting {
  only?: string[];
  ignore?: string[];
  order?: string[];
  allowFallbacks?: boolean;
  dataCollection?: "allow" | "deny";
  zdr?: boolean;
  /**
   * Vercel AI Gateway headquarters filter: ISO 3166-1 alpha-2 countries allowed.
   */
  headquartersAllow?: string[];
  /**
   * Vercel AI Gateway headquarters filter: ISO 3166-1 alpha-2 countries denied.
   */
  headquartersDeny?: string[];
  /**
   * Where restrictions beyond the request came from, e.g. "guardrail payments-only assigned to key ci".
   */
  constraintSource?: string;
}
/**
 * What bounds a route's (or a whole workload's) use: every cap as written, none folded into another. policies/lib/budget.rego decides which caps bind and over which period.
 */
export interface Limits {
  caps: Cap[];
  maxTokensPerRequest: NullableNumber;
  /**
   * Where maxTokensPerRequest was found, for messages.
   */
  origin: string | null;
}
/**
 * One cap as the configuration states it.
 */
export interface Cap {
  metric: CapMetric;
  amount: number;
  window: CapWindow;
  /**
   * Whose traffic one counter covers: total (all of it); matching or unmatched (only the requests a selector matches, or those no other rule matched); or the caller a counter is kept per (consumer, consumer-group, credential, ip, header, path, key, end-user, internal-user, team, client). policies/lib/budget.rego binds only total caps.
   */
  scope: string;
  /**
   * What tells callers (or matching requests) apart, as written: a header name (x-user-id), Kong's identifier, LiteLLM's end-user id (the request's user field or x-litellm-end-user-id header). Absent for total caps.
   */
  selector?: string;
  /**
   * Where the cap was found, for messages.
   */
  origin: string;
}
/**
 * An in-cluster or self-hosted relay (one-api, new-api, an nginx proxy) whose upstream operator is not known.
 */
export interface Relay {
  /**
   * What the relay is, e.g. "new-api Deployment gateway/new-api".
   */
  name: string;
  /**
   * Why its upstream cannot be known statically.
   */
  reason: string;
}
export interface NameHint {
  /**
   * The variable name as written, e.g. DEEPSEEK_API_KEY.
   */
  variable: string;
  /**
   * The catalogue word it carries (uppercase), e.g. DEEPSEEK.
   */
  word: string;
}
/**
 * A self-hosted model server (vLLM, TGI, SGLang, Ollama, NIM, KServe, llama.cpp, LLMKube).
 */
export interface ModelServer {
  id: string;
  kind: ModelServerKind;
  source: SourceLocation;
  /**
   * The model the server loads (HF repo id, path, tag), if known.
   */
  model: string | null;
  weights: WeightSource;
  /**
   * Hosted routes a "self-hosted" server actually sends prompts to (Ollama `*-cloud` models).
   */
  hostedModels: string[];
  /**
   * True for a server the cloud runs in the organisation's own account (SageMaker, Vertex AI); it is a self-hosted server only while policy.ownAccountEndpointsSelfHosted holds.
   */
  ownAccount?: boolean;
}
/**
 * Where a self-hosted server's weights come from and how they are pinned.
 */
export interface WeightSource {
  /**
   * The reference as written: `deepseek-ai/DeepSeek-V4-Flash`, `hf://org/repo`, `s3://bucket/path`, `/models/x`.
   */
  ref: string | null;
  /**
   * "hub": a public model hub fetched at run time; "organization": storage the organisation controls.
   */
  origin: "hub" | "organization" | "unknown";
  /**
   * The public hub when origin is "hub".
   */
  hub: "huggingface" | "modelscope" | "ollama" | "ngc" | null;
  /**
   * Revision, tag or digest that was pinned, as written.
   */
  revision: string | null;
  /**
   * Whether the configuration fixes the bytes the server loads: "pinned" (a commit hash, a content digest, an object version), "unpinned" (a name that can move: a hub repo without a commit, a tag), "unverifiable" (a local path, a volume, an object-store prefix, an OCI tag in the organisation's registry, a serving image's digest: what is there cannot be checked from the configuration).
   */
  pin: "pinned" | "unpinned" | "unverifiable";
  /**
   * Why the pin is what it is: commit, digest, object-version, snapshot-path (pinned); no-revision, mutable-revision, image-tag, model-tag (unpinned); local-path, object-store, storage-config, oci-tag, serving-image, http-url, unresolved (unverifiable). policies/lib words the finding from it.
   */
  pinReason:
    | "commit"
    | "digest"
    | "object-version"
    | "snapshot-path"
    | "no-revision"
    | "mutable-revision"
    | "image-tag"
    | "model-tag"
    | "local-path"
    | "object-store"
    | "storage-config"
    | "oci-tag"
    | "serving-image"
    | "http-url"
    | "unresolved";
  /**
   * True when the server is told not to reach the hub (HF_HUB_OFFLINE=1 and the like).
   */
  offline: boolean;
  source: SourceLocation;
  /**
   * The host of an http(s) reference on no known hub or cloud store, lowercase without a trailing dot; policies/lib decides whether the organisation runs it.
   */
  host?: string;
  hostKind?: HostKind;
}
export interface RuntimeModelSource {
  /**
   * Stable within the document, e.g. "general_settings/store_model_in_db".
   */
  id: string;
  /**
   * Human-readable: the setting and where it is.
   */
  via: string;
  /**
   * True when the setting is on as written; false when it is set through a variable the scan cannot read, so it may be on.
   */
  certain: boolean;
  source: SourceLocation;
}
export interface Sighting {
  /**
   * Stable within the document: "sighting-1", ...
   */
  id: string;
  kind: SightingKind;
  /**
   * The text that names the operator, as read (a host lowercased).
   */
  seen: string;
  /**
   * The host, for kind host.
   */
  host: string | null;
  /**
   * The known host a lookalike host imitates (homoglyphs), else null.
   */
  lookalikeOf: string | null;
  /**
   * The SDK provider prefix, for kind sdk-prefix.
   */
  prefix: string | null;
  /**
   * The provider key variable, for kind key-variable.
   */
  keyVar: string | null;
  source: SourceLocation;
}
export interface ReportedWaiverProblem {
  /**
   * The waiver's stable key, e.g. "waivers[0]" (the finding's subject).
   */
  id?: string;
  message: string;
  source: SourceLocation;
}
