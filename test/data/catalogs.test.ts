/**
 * The data the rules decide with: policies/data/{providers,pricing,org-policy}.json.
 * Every file must pass its JSON Schema, and the files must agree with each other and with the
 * facts of the LLM domain reference (hosts, operators, jurisdictions). The checks are tables:
 * adding a required operator, host or price is one more row, not new code.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { ErrorObject } from "ajv";

const ROOT = path.resolve(__dirname, "..", "..");

function readJson(rel: string): unknown {
  return JSON.parse(readFileSync(path.join(ROOT, rel), "utf8")) as unknown;
}

// ------------------------------------------------------------------ types of the data files

interface Operator {
  id: string;
  name: string;
  legalEntity?: string;
  parent: string;
  jurisdiction: string;
  kind: "provider" | "cloud" | "aggregator" | "gateway" | "reseller" | "relay";
  hosts: string[];
  domains: string[];
  hostPatterns: string[];
  sdkPrefixes: string[];
  keyVars: string[];
  baseUrlVars: string[];
  defaultEndpoint: string | null;
  aggregatorNames: Record<string, string[]>;
  openWeightOrgs: string[];
  modelPrefixes: string[];
  closedModels: string[];
  verified: boolean;
  unverified?: string[];
  asOf: string;
  sources: { title: string; url: string }[];
  notes?: string;
}

interface ProviderCatalog {
  version: string;
  genericPrefixes: string[];
  localPrefixes: Record<string, string | null>;
  operators: Operator[];
}

interface Price {
  model: string;
  operator: string;
  aliases: string[];
  input: number;
  output: number;
  cachedInput?: number;
  asOf: string;
  source: string;
  notes?: string;
}

interface PricingCatalog {
  currency: string;
  unit: string;
  asOf: string;
  models: Price[];
}

interface OrgPolicy {
  deniedJurisdictions: { regulated: string[]; dataClasses: Record<string, string[]>; regimes: Record<string, string[]> };
  sensitiveDataClasses: string[];
  internalDomains: string[];
  internalNetworks: string[];
  defaultClassification: object | null;
  budgetPeriodDays: number;
  deniedOrigins: string[];
  disabledRules: string[];
}

// ------------------------------------------------------------------ schemas

const SCHEMA_FILES = {
  classification: "schemas/workload-classification.schema.json",
  providers: "schemas/provider-catalog.schema.json",
  pricing: "schemas/pricing-catalog.schema.json",
  orgPolicy: "schemas/org-policy.schema.json",
} as const;
type SchemaName = keyof typeof SCHEMA_FILES;

const SCHEMA_IDS: Record<SchemaName, string> = {
  classification: "https://modelgate.dev/schemas/workload-classification.schema.json",
  providers: "https://modelgate.dev/schemas/provider-catalog.schema.json",
  pricing: "https://modelgate.dev/schemas/pricing-catalog.schema.json",
  orgPolicy: "https://modelgate.dev/schemas/org-policy.schema.json",
};

const schemas = Object.fromEntries(
  (Object.keys(SCHEMA_FILES) as SchemaName[]).map((name) => [name, readJson(SCHEMA_FILES[name]) as Record<string, unknown>]),
) as Record<SchemaName, Record<string, unknown>>;

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
for (const name of Object.keys(schemas) as SchemaName[]) ajv.addSchema(schemas[name]);

function validate(name: SchemaName, doc: unknown): ErrorObject[] {
  const fn = ajv.getSchema(SCHEMA_IDS[name]);
  if (!fn) throw new Error(`schema ${SCHEMA_IDS[name]} not registered`);
  return fn(doc) ? [] : [...(fn.errors ?? [])];
}

function describeErrors(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || "/"} ${e.keyword}: ${e.message ?? ""} ${JSON.stringify(e.params)}`).join("\n");
}

const DATA_FILES: { file: string; schema: SchemaName }[] = [
  { file: "policies/data/providers.json", schema: "providers" },
  { file: "policies/data/pricing.json", schema: "pricing" },
  { file: "policies/data/org-policy.json", schema: "orgPolicy" },
];

const providers = readJson("policies/data/providers.json") as ProviderCatalog;
const pricing = readJson("policies/data/pricing.json") as PricingCatalog;
const orgPolicy = readJson("policies/data/org-policy.json") as OrgPolicy;
const operators = providers.operators;
const operatorById = new Map(operators.map((o) => [o.id, o]));

// ------------------------------------------------------------------ host matching, as the rules do it

/**
 * OPA `glob.match(pattern, ["."], host)`: "*" matches within one label, "**" across labels.
 * The schema limits patterns to [a-z0-9.*-], so no other glob syntax needs handling.
 */
function globToRegExp(pattern: string): RegExp {
  if (!/^[a-z0-9.*-]+$/.test(pattern)) throw new Error(`unsupported glob syntax in ${pattern}`);
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") {
      if (pattern[i + 1] === "*") {
        re += ".*";
        i++;
      } else {
        re += "[^.]*";
      }
    } else if (c === ".") {
      re += "\\.";
    } else {
      re += c;
    }
  }
  return new RegExp(`^${re}$`);
}

function underDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Every operator that claims a host, by exact host, registrable domain or host pattern. */
function claimants(host: string): Set<string> {
  const ids = new Set<string>();
  for (const o of operators) {
    if (o.hosts.includes(host)) ids.add(o.id);
    if (o.domains.some((d) => underDomain(host, d))) ids.add(o.id);
    if (o.hostPatterns.some((p) => globToRegExp(p).test(host))) ids.add(o.id);
  }
  return ids;
}

/** The one operator of a host, or null; throws when two operators claim it. */
function resolveHost(host: string): string | null {
  const ids = [...claimants(host)];
  if (ids.length > 1) throw new Error(`${host} is claimed by ${ids.join(", ")}`);
  return ids[0] ?? null;
}

/** Aggregator-name normalisation the catalogue documents: lowercase, no spaces, dots or hyphens. */
function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[\s.-]/g, "");
}

// ------------------------------------------------------------------ tables of facts (llm-domain reference)

/** Operators that must exist, with their jurisdiction; verified false where the reference marks ownership unverified. */
const REQUIRED_OPERATORS: { id: string; jurisdiction: string; verified?: boolean; parent?: string; kind?: Operator["kind"] }[] = [
  // §1.1 Chinese-jurisdiction labs and clouds
  { id: "deepseek", jurisdiction: "CN" },
  { id: "moonshot", jurisdiction: "CN" },
  { id: "moonshot-intl", jurisdiction: "CN", parent: "moonshot" },
  { id: "minimax", jurisdiction: "CN" },
  { id: "zhipu", jurisdiction: "CN" },
  { id: "zai", jurisdiction: "CN", parent: "zhipu" },
  { id: "alibaba", jurisdiction: "CN" },
  { id: "ant-group", jurisdiction: "CN" },
  { id: "bytedance", jurisdiction: "CN" },
  { id: "byteplus", jurisdiction: "CN", parent: "bytedance" },
  { id: "tencent", jurisdiction: "CN" },
  { id: "baidu", jurisdiction: "CN" },
  { id: "siliconflow", jurisdiction: "CN" },
  { id: "stepfun", jurisdiction: "CN" },
  { id: "01ai", jurisdiction: "CN" },
  { id: "baichuan", jurisdiction: "CN" },
  { id: "iflytek", jurisdiction: "CN" },
  { id: "xiaomi", jurisdiction: "CN" },
  { id: "sensetime", jurisdiction: "CN" },
  { id: "kuaishou", jurisdiction: "CN" },
  // §1.1 Chinese-market aggregators and resellers (ownership unverified)
  { id: "ppio", jurisdiction: "CN", verified: false },
  { id: "qiniu", jurisdiction: "CN", verified: false },
  { id: "dmxapi", jurisdiction: "CN", verified: false },
  { id: "infini", jurisdiction: "CN", verified: false },
  { id: "ctyun-xirang", jurisdiction: "CN", verified: false },
  { id: "lanyun", jurisdiction: "CN", verified: false },
  { id: "alayanew", jurisdiction: "CN", verified: false },
  { id: "iflow", jurisdiction: "CN", verified: false },
  { id: "302ai", jurisdiction: "CN", verified: false },
  { id: "aihubmix", jurisdiction: "CN", verified: false },
  { id: "moark", jurisdiction: "CN", verified: false },
  { id: "d-run", jurisdiction: "CN", verified: false },
  { id: "kuae", jurisdiction: "CN", verified: false },
  { id: "qihang", jurisdiction: "CN", verified: false },
  { id: "jiekou", jurisdiction: "CN", verified: false },
  { id: "qihoo-360", jurisdiction: "CN", verified: false },
  { id: "zenmux", jurisdiction: "CN", verified: false },
  { id: "novita", jurisdiction: "CN", verified: false },
  // §2 Western providers, clouds, aggregators and gateways
  { id: "openai", jurisdiction: "US" },
  { id: "anthropic", jurisdiction: "US" },
  { id: "google", jurisdiction: "US" },
  { id: "google-vertex", jurisdiction: "US", parent: "google" },
  { id: "aws-bedrock", jurisdiction: "US", kind: "cloud" },
  { id: "azure-openai", jurisdiction: "US", kind: "cloud" },
  { id: "mistral", jurisdiction: "FR" },
  { id: "cohere", jurisdiction: "CA" },
  { id: "xai", jurisdiction: "US" },
  { id: "together", jurisdiction: "US" },
  { id: "fireworks", jurisdiction: "US" },
  { id: "groq", jurisdiction: "US" },
  { id: "deepinfra", jurisdiction: "US" },
  { id: "cerebras", jurisdiction: "US" },
  { id: "sambanova", jurisdiction: "US" },
  { id: "baseten", jurisdiction: "US" },
  { id: "nebius", jurisdiction: "NL" },
  { id: "hyperbolic", jurisdiction: "US" },
  { id: "nvidia", jurisdiction: "US" },
  { id: "ollama-cloud", jurisdiction: "US" },
  { id: "huggingface", jurisdiction: "US", kind: "aggregator" },
  { id: "openrouter", jurisdiction: "US", kind: "aggregator" },
  { id: "portkey", jurisdiction: "US", kind: "gateway" },
  { id: "vercel-ai-gateway", jurisdiction: "US" },
  { id: "cloudflare-ai-gateway", jurisdiction: "US", kind: "gateway" },
  { id: "helicone", jurisdiction: "US" },
  { id: "requesty", jurisdiction: "US" },
];

/** Host (as a normaliser emits it) -> operator id; null where no operator may claim it. */
const HOST_RESOLUTION: [string, string | null][] = [
  // §1.1 API hosts, CN and international
  ["api.deepseek.com", "deepseek"],
  ["api.moonshot.cn", "moonshot"],
  ["api.moonshot.ai", "moonshot-intl"],
  ["api.kimi.com", "moonshot-intl"],
  ["platform.kimi.ai", "moonshot-intl"],
  ["api.minimaxi.com", "minimax"],
  ["api.minimax.chat", "minimax"],
  ["api.minimax.cn", "minimax"],
  ["api.minimax.io", "minimax"],
  ["open.bigmodel.cn", "zhipu"],
  ["api.z.ai", "zai"],
  ["dashscope.aliyuncs.com", "alibaba"],
  ["coding.dashscope.aliyuncs.com", "alibaba"],
  ["token-plan.cn-beijing.maas.aliyuncs.com", "alibaba"],
  ["api-inference.modelscope.cn", "alibaba"],
  ["dashscope-intl.aliyuncs.com", "alibaba"],
  ["coding-intl.dashscope.aliyuncs.com", "alibaba"],
  ["token-plan.ap-southeast-1.maas.aliyuncs.com", "alibaba"],
  ["dashscope-us.aliyuncs.com", "alibaba"],
  ["api.tbox.cn", "ant-group"],
  ["ark.cn-beijing.volces.com", "bytedance"],
  ["open.volcengineapi.com", "bytedance"],
  ["visual.volcengineapi.com", "bytedance"],
  ["api.coze.cn", "bytedance"],
  ["api.coze.com", "bytedance"],
  ["ark.ap-southeast.bytepluses.com", "byteplus"],
  ["ark.eu-west.bytepluses.com", "byteplus"],
  ["api.hunyuan.cloud.tencent.com", "tencent"],
  ["hunyuan.tencentcloudapi.com", "tencent"],
  ["hunyuan.intl.tencentcloudapi.com", "tencent"],
  ["api.lkeap.cloud.tencent.com", "tencent"],
  ["tokenhub.tencentmaas.com", "tencent"],
  ["qianfan.baidubce.com", "baidu"],
  ["aip.baidubce.com", "baidu"],
  ["api.siliconflow.cn", "siliconflow"],
  ["api.siliconflow.com", "siliconflow"],
  ["api.stepfun.com", "stepfun"],
  ["api.stepfun.ai", "stepfun"],
  ["api.lingyiwanwu.com", "01ai"],
  ["api.01.ai", "01ai"],
  ["api.baichuan-ai.com", "baichuan"],
  ["spark-api-open.xf-yun.com", "iflytek"],
  ["spark-api.xf-yun.com", "iflytek"],
  ["maas-api.cn-huabei-1.xf-yun.com", "iflytek"],
  ["api.xiaomimimo.com", "xiaomi"],
  ["token-plan-cn.xiaomimimo.com", "xiaomi"],
  ["token-plan-sgp.xiaomimimo.com", "xiaomi"],
  ["token-plan-ams.xiaomimimo.com", "xiaomi"],
  ["api.sensenova.cn", "sensetime"],
  ["api.klingai.com", "kuaishou"],
  // Chinese-market aggregators and resellers
  ["api.ppinfra.com", "ppio"],
  ["api.qnaigc.com", "qiniu"],
  ["www.dmxapi.cn", "dmxapi"],
  ["cloud.infini-ai.com", "infini"],
  ["wishub-x1.ctyun.cn", "ctyun-xirang"],
  ["maas-api.lanyun.net", "lanyun"],
  ["deepseek.alayanew.com", "alayanew"],
  ["apis.iflow.cn", "iflow"],
  ["api.302.ai", "302ai"],
  ["aihubmix.com", "aihubmix"],
  ["moark.com", "moark"],
  ["chat.d.run", "d-run"],
  ["coding-plan-endpoint.kuaecloud.net", "kuae"],
  ["api.qhaigc.net", "qihang"],
  ["api.jiekou.ai", "jiekou"],
  ["api.360.cn", "qihoo-360"],
  ["ai.360.cn", "qihoo-360"],
  ["zenmux.ai", "zenmux"],
  ["api.novita.ai", "novita"],
  // §2 Western providers and gateways
  ["api.openai.com", "openai"],
  ["api.anthropic.com", "anthropic"],
  ["generativelanguage.googleapis.com", "google"],
  ["aiplatform.googleapis.com", "google-vertex"],
  ["us-central1-aiplatform.googleapis.com", "google-vertex"],
  ["bedrock-runtime.us-east-1.amazonaws.com", "aws-bedrock"],
  ["myres.openai.azure.com", "azure-openai"],
  ["myres.services.ai.azure.com", "azure-openai"],
  ["myres.cognitiveservices.azure.com", "azure-openai"],
  ["api.mistral.ai", "mistral"],
  ["codestral.mistral.ai", "mistral"],
  ["api.cohere.ai", "cohere"],
  ["api.cohere.com", "cohere"],
  ["api.x.ai", "xai"],
  ["api.together.xyz", "together"],
  ["api.together.ai", "together"],
  ["api.fireworks.ai", "fireworks"],
  ["api.groq.com", "groq"],
  ["api.deepinfra.com", "deepinfra"],
  ["api.cerebras.ai", "cerebras"],
  ["api.sambanova.ai", "sambanova"],
  ["inference.baseten.co", "baseten"],
  ["api.tokenfactory.nebius.com", "nebius"],
  ["api.hyperbolic.xyz", "hyperbolic"],
  ["integrate.api.nvidia.com", "nvidia"],
  ["ollama.com", "ollama-cloud"],
  ["router.huggingface.co", "huggingface"],
  ["openrouter.ai", "openrouter"],
  ["api.portkey.ai", "portkey"],
  ["ai-gateway.vercel.sh", "vercel-ai-gateway"],
  ["gateway.ai.cloudflare.com", "cloudflare-ai-gateway"],
  ["ai-gateway.helicone.ai", "helicone"],
  ["router.requesty.ai", "requesty"],
  // §6 registrable-domain confusion: third parties and unrelated services under broad cloud domains
  ["deepseekapi.dev", null],
  ["kimi-k2.ai", null],
  ["minimaxm2.io", null],
  ["zai.gr.com", null],
  ["alayanew.com", null],
  ["oss-cn-hangzhou.aliyuncs.com", null],
  ["ecs.aliyuncs.com", null],
  ["maas.aliyuncs.com", null],
  ["cvm.tencentcloudapi.com", null],
  ["cloud.tencent.com", null],
  ["bcc.baidubce.com", null],
  ["s3.us-east-1.amazonaws.com", null],
  ["bedrock.amazonaws.com", null],
  ["storage.googleapis.com", null],
  ["management.azure.com", null],
  ["openai.azure.com", null],
];

/** Domains too broad to list as an operator's registrable domain (§1.2). */
const BROAD_DOMAINS = ["aliyuncs.com", "tencentcloudapi.com", "cloud.tencent.com", "baidubce.com", "amazonaws.com", "azure.com", "googleapis.com"];
/** Labels placed under each broad domain: no host pattern may match them (they are other cloud services). */
const BROAD_PROBES = ["", "x.", "oss.", "a.b.", "s3.us-east-1.", "storage."];

/** Fields whose values identify exactly one operator. */
const UNIQUE_FIELDS = [
  "hosts",
  "domains",
  "hostPatterns",
  "sdkPrefixes",
  "keyVars",
  "baseUrlVars",
  "openWeightOrgs",
  "modelPrefixes",
  "closedModels",
] as const satisfies readonly (keyof Operator)[];

/** Fields that must be lowercase. */
const LOWERCASE_FIELDS = [
  "hosts",
  "domains",
  "hostPatterns",
  "sdkPrefixes",
  "openWeightOrgs",
  "modelPrefixes",
  "closedModels",
] as const satisfies readonly (keyof Operator)[];

/** Keys of the reference (§1.4, §3.7) that must select a given operator. */
const SIGNALS: { field: "sdkPrefixes" | "keyVars" | "baseUrlVars"; value: string; operator: string }[] = [
  { field: "sdkPrefixes", value: "deepseek", operator: "deepseek" },
  { field: "sdkPrefixes", value: "moonshot", operator: "moonshot-intl" },
  { field: "sdkPrefixes", value: "dashscope", operator: "alibaba" },
  { field: "sdkPrefixes", value: "volcengine", operator: "bytedance" },
  { field: "sdkPrefixes", value: "zai", operator: "zai" },
  { field: "sdkPrefixes", value: "z-ai", operator: "zai" },
  { field: "sdkPrefixes", value: "zhipu", operator: "zhipu" },
  { field: "sdkPrefixes", value: "minimax", operator: "minimax" },
  { field: "sdkPrefixes", value: "xiaomi_mimo", operator: "xiaomi" },
  { field: "sdkPrefixes", value: "aihubmix", operator: "aihubmix" },
  { field: "sdkPrefixes", value: "lingyi", operator: "01ai" },
  { field: "sdkPrefixes", value: "siliconflow", operator: "siliconflow" },
  { field: "sdkPrefixes", value: "302ai", operator: "302ai" },
  { field: "sdkPrefixes", value: "novita-ai", operator: "novita" },
  { field: "sdkPrefixes", value: "openrouter", operator: "openrouter" },
  { field: "keyVars", value: "DEEPSEEK_API_KEY", operator: "deepseek" },
  { field: "keyVars", value: "DASHSCOPE_API_KEY", operator: "alibaba" },
  { field: "keyVars", value: "MOONSHOT_API_KEY", operator: "moonshot-intl" },
  { field: "keyVars", value: "KIMI_API_KEY", operator: "moonshot-intl" },
  { field: "keyVars", value: "MINIMAX_API_KEY", operator: "minimax" },
  { field: "keyVars", value: "ZAI_API_KEY", operator: "zai" },
  { field: "keyVars", value: "ZHIPU_API_KEY", operator: "zhipu" },
  { field: "keyVars", value: "VOLCENGINE_API_KEY", operator: "bytedance" },
  { field: "keyVars", value: "ARK_API_KEY", operator: "bytedance" },
  { field: "keyVars", value: "VOLCANO_ENGINE_API_KEY", operator: "bytedance" },
  { field: "keyVars", value: "SILICONFLOW_API_KEY", operator: "siliconflow" },
  { field: "keyVars", value: "SILICONFLOW_CN_API_KEY", operator: "siliconflow" },
  { field: "keyVars", value: "STEPFUN_API_KEY", operator: "stepfun" },
  { field: "keyVars", value: "XIAOMI_API_KEY", operator: "xiaomi" },
  { field: "keyVars", value: "XIAOMI_MIMO_API_KEY", operator: "xiaomi" },
  { field: "keyVars", value: "QWENCLOUD_API_KEY", operator: "alibaba" },
  { field: "keyVars", value: "MODELSCOPE_API_KEY", operator: "alibaba" },
  { field: "keyVars", value: "TENCENT_TOKENHUB_API_KEY", operator: "tencent" },
  { field: "keyVars", value: "SENSENOVA_API_KEY", operator: "sensetime" },
  { field: "keyVars", value: "YI_API_KEY", operator: "01ai" },
  { field: "keyVars", value: "OPENROUTER_API_KEY", operator: "openrouter" },
  { field: "keyVars", value: "PORTKEY_API_KEY", operator: "portkey" },
  { field: "keyVars", value: "AI_GATEWAY_API_KEY", operator: "vercel-ai-gateway" },
  { field: "keyVars", value: "VERCEL_AI_GATEWAY_API_KEY", operator: "vercel-ai-gateway" },
  { field: "keyVars", value: "HELICONE_API_KEY", operator: "helicone" },
  { field: "keyVars", value: "TOGETHER_API_KEY", operator: "together" },
  { field: "keyVars", value: "FIREWORKS_API_KEY", operator: "fireworks" },
  { field: "keyVars", value: "GROQ_API_KEY", operator: "groq" },
  { field: "keyVars", value: "NVIDIA_API_KEY", operator: "nvidia" },
  { field: "keyVars", value: "OLLAMA_API_KEY", operator: "ollama-cloud" },
  { field: "keyVars", value: "OPENAI_API_KEY", operator: "openai" },
  { field: "keyVars", value: "ANTHROPIC_API_KEY", operator: "anthropic" },
  { field: "keyVars", value: "ANTHROPIC_AUTH_TOKEN", operator: "anthropic" },
  { field: "baseUrlVars", value: "DEEPSEEK_API_BASE", operator: "deepseek" },
  { field: "baseUrlVars", value: "DASHSCOPE_API_BASE", operator: "alibaba" },
  { field: "baseUrlVars", value: "MOONSHOT_API_BASE", operator: "moonshot-intl" },
  { field: "baseUrlVars", value: "MINIMAX_API_BASE", operator: "minimax" },
  { field: "baseUrlVars", value: "ZAI_API_BASE", operator: "zai" },
  { field: "baseUrlVars", value: "OPENAI_BASE_URL", operator: "openai" },
  { field: "baseUrlVars", value: "OPENAI_API_BASE", operator: "openai" },
  { field: "baseUrlVars", value: "ANTHROPIC_BASE_URL", operator: "anthropic" },
  { field: "baseUrlVars", value: "AZURE_OPENAI_ENDPOINT", operator: "azure-openai" },
];

/** OpenRouter provider display names (§1.3) and the operator each resolves to. */
const OPENROUTER_NAMES: [string, string][] = [
  ["Alibaba", "alibaba"],
  ["BytePlus", "byteplus"],
  ["DeepSeek", "deepseek"],
  ["Minimax", "minimax"],
  ["Moonshot AI", "moonshot-intl"],
  ["Seed", "bytedance"],
  ["SiliconFlow", "siliconflow"],
  ["StepFun", "stepfun"],
  ["StreamLake", "kuaishou"],
  ["Xiaomi", "xiaomi"],
  ["Z.AI", "zai"],
  ["Baidu", "baidu"],
  ["novita", "novita"],
  ["OpenAI", "openai"],
  ["Anthropic", "anthropic"],
  ["Google", "google-vertex"],
  ["Amazon Bedrock", "aws-bedrock"],
  ["Azure", "azure-openai"],
  ["Together", "together"],
  ["Fireworks", "fireworks"],
  ["DeepInfra", "deepinfra"],
  ["Groq", "groq"],
  ["Mistral", "mistral"],
];

/** Ids as written in configs -> the priced entry they must find (operator, id or alias, canonical model). */
const PRICE_LOOKUPS: [string, string, string][] = [
  ["deepseek", "deepseek-v4-flash", "deepseek-v4-flash"],
  ["deepseek", "deepseek-chat", "deepseek-v4-flash"],
  ["deepseek", "deepseek-reasoner", "deepseek-v4-flash"],
  ["deepseek", "deepseek-v4-pro", "deepseek-v4-pro"],
  ["openrouter", "deepseek/deepseek-v4-flash", "deepseek-v4-flash"],
  ["openrouter", "deepseek/deepseek-v4-pro", "deepseek-v4-pro"],
  ["openrouter", "moonshotai/kimi-k2.6", "kimi-k2.6"],
  ["openrouter", "minimax/minimax-m2.5", "minimax-m2.5"],
  ["openrouter", "z-ai/glm-5", "glm-5"],
  ["openrouter", "qwen/qwen3.6-plus", "qwen3.6-plus"],
  ["openrouter", "anthropic/claude-opus-4.6", "claude-opus-4-6"],
  ["moonshot-intl", "kimi-k2.6", "kimi-k2.6"],
  ["moonshot-intl", "kimi-k2.5", "kimi-k2.5"],
  ["moonshot-intl", "moonshotai.kimi-k2.5", "kimi-k2.5"],
  ["minimax", "minimax-m2.5", "minimax-m2.5"],
  ["minimax", "minimax.minimax-m2.5", "minimax-m2.5"],
  ["minimax", "minimax-m2.5-highspeed", "minimax-m2.5-highspeed"],
  ["minimax", "minimax-m2.7", "minimax-m2.7"],
  ["minimax", "minimax-m3", "minimax-m3"],
  ["zai", "glm-5", "glm-5"],
  ["zai", "zai.glm-5", "glm-5"],
  ["zai", "zai-org/glm-5-maas", "glm-5"],
  ["zai", "glm-5.1", "glm-5.1"],
  ["zai", "glm-4.7", "glm-4.7"],
  ["alibaba", "qwen3.6-plus", "qwen3.6-plus"],
  ["alibaba", "qwen3.7-max", "qwen3.7-max"],
  ["alibaba", "qwen3-max", "qwen3-max"],
  ["alibaba", "qwen-flash", "qwen-flash"],
  ["xiaomi", "mimo-v2.5-pro", "mimo-v2.5-pro"],
  ["xiaomi", "mimo-v2-flash", "mimo-v2-flash"],
  ["stepfun", "step-3.7-flash", "step-3.7-flash"],
  ["anthropic", "claude-opus-4-6", "claude-opus-4-6"],
  ["anthropic", "claude-opus-4.7", "claude-opus-4-7"],
  ["anthropic", "claude-sonnet-4-6", "claude-sonnet-4-6"],
  ["anthropic", "claude-haiku-4-5", "claude-haiku-4-5"],
  ["openai", "gpt-5.5", "gpt-5.5"],
  ["openai", "gpt-5.4", "gpt-5.4"],
  ["openai", "gpt-5.4-mini", "gpt-5.4-mini"],
  ["openai", "gpt-5", "gpt-5"],
  ["openai", "gpt-4.1", "gpt-4.1"],
  ["openai", "gpt-4o-mini", "gpt-4o-mini"],
  ["google", "gemini-3.1-pro-preview", "gemini-3.1-pro-preview"],
  ["google", "gemini-3.5-flash", "gemini-3.5-flash"],
  ["google", "gemini-2.5-pro", "gemini-2.5-pro"],
  ["google", "gemini-2.5-flash", "gemini-2.5-flash"],
  ["mistral", "mistral-large-latest", "mistral-large-latest"],
  ["mistral", "mistral-medium-latest", "mistral-medium-latest"],
];

const MIN_PRICED_MODELS = 30;

// ------------------------------------------------------------------ schema validation of the data files

describe("schemas", () => {
  it.each(Object.keys(SCHEMA_IDS) as SchemaName[])("%s has its $id and compiles in strict mode", (name) => {
    expect(schemas[name]["$id"]).toBe(SCHEMA_IDS[name]);
    expect(ajv.getSchema(SCHEMA_IDS[name])).toBeDefined();
  });

  it.each(DATA_FILES)("$file validates against its schema", ({ file, schema }) => {
    const errors = validate(schema, readJson(file));
    expect(describeErrors(errors)).toBe("");
  });

  it("the WorkloadClassification spec offers every classification property plus the selector", () => {
    const defs = schemas.classification["$defs"] as Record<string, { properties: Record<string, unknown> }>;
    const classificationProps = Object.keys(defs["classification"].properties).sort();
    const specProps = Object.keys(defs["spec"].properties).sort();
    expect(specProps).toEqual([...classificationProps, "selector"].sort());
  });
});

// ------------------------------------------------------------------ schemas reject broken documents

function minimalOperator(): Record<string, unknown> {
  return {
    id: "example",
    name: "Example",
    parent: "example",
    jurisdiction: "US",
    kind: "provider",
    hosts: ["api.example.com"],
    domains: [],
    hostPatterns: [],
    sdkPrefixes: [],
    keyVars: [],
    baseUrlVars: [],
    defaultEndpoint: "https://api.example.com/v1",
    aggregatorNames: {},
    openWeightOrgs: [],
    modelPrefixes: [],
    closedModels: [],
    verified: true,
    asOf: "2026-07-02",
    sources: [{ title: "Example docs", url: "https://example.com" }],
  };
}
function providersWith(patch: Record<string, unknown>, top: Record<string, unknown> = {}): unknown {
  return { version: "2026.11.27", genericPrefixes: ["openai"], localPrefixes: {}, operators: [{ ...minimalOperator(), ...patch }], ...top };
}
function minimalPrice(): Record<string, unknown> {
  return { model: "m-1", operator: "example", aliases: [], input: 1, output: 2, asOf: "2026-07-02", source: "docs" };
}
function pricingWith(patch: Record<string, unknown>, top: Record<string, unknown> = {}): unknown {
  return { currency: "USD", unit: "per-million-tokens", asOf: "2026-07-02", models: [{ ...minimalPrice(), ...patch }], ...top };
}
function policyWith(patch: Record<string, unknown>): unknown {
  return { ...(JSON.parse(JSON.stringify(orgPolicy)) as Record<string, unknown>), ...patch };
}
function classificationDoc(spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: "payments" }): Record<string, unknown> {
  return { apiVersion: "modelgate.dev/v1", kind: "WorkloadClassification", metadata, spec };
}

const ACCEPTED: { name: string; schema: SchemaName; doc: unknown }[] = [
  { name: "minimal provider catalogue", schema: "providers", doc: providersWith({}) },
  { name: "operator without default endpoint", schema: "providers", doc: providersWith({ defaultEndpoint: null }) },
  { name: "minimal pricing catalogue", schema: "pricing", doc: pricingWith({}) },
  {
    name: "org policy with a default classification",
    schema: "orgPolicy",
    doc: policyWith({ defaultClassification: { dataClass: "internal", regulated: false, regimes: [], owner: "platform" } }),
  },
  {
    name: "org policy with per-class and per-regime denials",
    schema: "orgPolicy",
    doc: policyWith({ deniedJurisdictions: { regulated: ["CN"], dataClasses: { restricted: ["RU"] }, regimes: { itar: ["CN", "RU"] } } }),
  },
  { name: "classification document with an empty spec", schema: "classification", doc: classificationDoc({}) },
  {
    name: "classification document with everything",
    schema: "classification",
    doc: classificationDoc(
      {
        dataClass: "restricted",
        regulated: true,
        regimes: ["hipaa", "pci-dss"],
        owner: "payments-team",
        budget: { usdMonthly: 500, tokensMonthly: 100000000, maxTokensPerRequest: 8192 },
        selector: { files: ["litellm/*.yaml", "gateways/**"], resources: ["Deployment/prod/chat-api", "ConfigMap/litellm-config"] },
      },
      { name: "payments", labels: { team: "payments" }, annotations: { "modelgate.dev/reviewed": "2026-07-01" } },
    ),
  },
];

const REJECTED: { name: string; schema: SchemaName; doc: unknown; pointer: string; keyword: string }[] = [
  { name: "uppercase host", schema: "providers", doc: providersWith({ hosts: ["API.example.com"] }), pointer: "/operators/0/hosts/0", keyword: "pattern" },
  {
    name: "host with a trailing dot",
    schema: "providers",
    doc: providersWith({ hosts: ["api.example.com."] }),
    pointer: "/operators/0/hosts/0",
    keyword: "pattern",
  },
  { name: "unknown operator property", schema: "providers", doc: providersWith({ country: "US" }), pointer: "/operators/0", keyword: "additionalProperties" },
  {
    name: "jurisdiction not alpha-2",
    schema: "providers",
    doc: providersWith({ jurisdiction: "China" }),
    pointer: "/operators/0/jurisdiction",
    keyword: "pattern",
  },
  { name: "unknown kind", schema: "providers", doc: providersWith({ kind: "cdn" }), pointer: "/operators/0/kind", keyword: "enum" },
  { name: "no sources", schema: "providers", doc: providersWith({ sources: [] }), pointer: "/operators/0/sources", keyword: "minItems" },
  {
    name: "non-http default endpoint",
    schema: "providers",
    doc: providersWith({ defaultEndpoint: "ftp://api.example.com" }),
    pointer: "/operators/0/defaultEndpoint",
    keyword: "anyOf",
  },
  {
    name: "glob syntax beyond * in a host pattern",
    schema: "providers",
    doc: providersWith({ hostPatterns: ["api?.example.com"] }),
    pointer: "/operators/0/hostPatterns/0",
    keyword: "pattern",
  },
  {
    name: "lowercase key variable",
    schema: "providers",
    doc: providersWith({ keyVars: ["example_api_key"] }),
    pointer: "/operators/0/keyVars/0",
    keyword: "pattern",
  },
  {
    name: "missing verified",
    schema: "providers",
    doc: (() => {
      const d = providersWith({}) as { operators: Record<string, unknown>[] };
      delete d.operators[0]["verified"];
      return d;
    })(),
    pointer: "/operators/0",
    keyword: "required",
  },
  { name: "bad catalogue version", schema: "providers", doc: providersWith({}, { version: "latest" }), pointer: "/version", keyword: "pattern" },
  { name: "negative input price", schema: "pricing", doc: pricingWith({ input: -1 }), pointer: "/models/0/input", keyword: "minimum" },
  { name: "currency other than USD", schema: "pricing", doc: pricingWith({}, { currency: "EUR" }), pointer: "/currency", keyword: "const" },
  { name: "per-token unit", schema: "pricing", doc: pricingWith({}, { unit: "per-token" }), pointer: "/unit", keyword: "const" },
  { name: "uppercase alias", schema: "pricing", doc: pricingWith({ aliases: ["DeepSeek-Chat"] }), pointer: "/models/0/aliases/0", keyword: "pattern" },
  {
    name: "price without operator",
    schema: "pricing",
    doc: (() => {
      const d = pricingWith({}) as { models: Record<string, unknown>[] };
      delete d.models[0]["operator"];
      return d;
    })(),
    pointer: "/models/0",
    keyword: "required",
  },
  { name: "price as a string", schema: "pricing", doc: pricingWith({ output: "0.28" }), pointer: "/models/0/output", keyword: "type" },
  { name: "bad price date", schema: "pricing", doc: pricingWith({ asOf: "July 2026" }), pointer: "/models/0/asOf", keyword: "format" },
  {
    name: "lowercase country",
    schema: "orgPolicy",
    doc: policyWith({ deniedJurisdictions: { regulated: ["cn"], dataClasses: {}, regimes: {} } }),
    pointer: "/deniedJurisdictions/regulated/0",
    keyword: "pattern",
  },
  {
    name: "unknown data class key",
    schema: "orgPolicy",
    doc: policyWith({ deniedJurisdictions: { regulated: [], dataClasses: { secret: ["RU"] }, regimes: {} } }),
    pointer: "/deniedJurisdictions/dataClasses",
    keyword: "propertyNames",
  },
  {
    name: "uppercase regime key",
    schema: "orgPolicy",
    doc: policyWith({ deniedJurisdictions: { regulated: [], dataClasses: {}, regimes: { HIPAA: ["RU"] } } }),
    pointer: "/deniedJurisdictions/regimes",
    keyword: "propertyNames",
  },
  {
    name: "unknown sensitive data class",
    schema: "orgPolicy",
    doc: policyWith({ sensitiveDataClasses: ["secret"] }),
    pointer: "/sensitiveDataClasses/0",
    keyword: "enum",
  },
  {
    name: "CIDR prefix out of range",
    schema: "orgPolicy",
    doc: policyWith({ internalNetworks: ["10.0.0.0/33"] }),
    pointer: "/internalNetworks/0",
    keyword: "anyOf",
  },
  {
    name: "default classification with an unknown data class",
    schema: "orgPolicy",
    doc: policyWith({ defaultClassification: { dataClass: "secret" } }),
    pointer: "/defaultClassification/dataClass",
    keyword: "enum",
  },
  {
    name: "default classification with an uppercase regime",
    schema: "orgPolicy",
    doc: policyWith({ defaultClassification: { regimes: ["HIPAA"] } }),
    pointer: "/defaultClassification/regimes/0",
    keyword: "pattern",
  },
  {
    name: "default classification with a negative budget",
    schema: "orgPolicy",
    doc: policyWith({ defaultClassification: { budget: { usdMonthly: -1 } } }),
    pointer: "/defaultClassification/budget/usdMonthly",
    keyword: "minimum",
  },
  {
    name: "default classification with a selector",
    schema: "orgPolicy",
    doc: policyWith({ defaultClassification: { selector: { files: ["*"] } } }),
    pointer: "/defaultClassification",
    keyword: "additionalProperties",
  },
  { name: "zero budget period", schema: "orgPolicy", doc: policyWith({ budgetPeriodDays: 0 }), pointer: "/budgetPeriodDays", keyword: "minimum" },
  { name: "unknown policy key", schema: "orgPolicy", doc: policyWith({ waivers: [] }), pointer: "", keyword: "additionalProperties" },
  { name: "rule id not kebab-case", schema: "orgPolicy", doc: policyWith({ disabledRules: ["Flag_Origin"] }), pointer: "/disabledRules/0", keyword: "pattern" },
  { name: "wrong apiVersion", schema: "classification", doc: { ...classificationDoc({}), apiVersion: "v1" }, pointer: "/apiVersion", keyword: "const" },
  { name: "wrong kind", schema: "classification", doc: { ...classificationDoc({}), kind: "Classification" }, pointer: "/kind", keyword: "const" },
  { name: "metadata without name", schema: "classification", doc: classificationDoc({}, { labels: {} }), pointer: "/metadata", keyword: "required" },
  { name: "regulated as a string", schema: "classification", doc: classificationDoc({ regulated: "true" }), pointer: "/spec/regulated", keyword: "type" },
  {
    name: "duplicate regime",
    schema: "classification",
    doc: classificationDoc({ regimes: ["gdpr", "gdpr"] }),
    pointer: "/spec/regimes",
    keyword: "uniqueItems",
  },
  {
    name: "fractional token cap",
    schema: "classification",
    doc: classificationDoc({ budget: { tokensMonthly: 1.5 } }),
    pointer: "/spec/budget/tokensMonthly",
    keyword: "type",
  },
  {
    name: "zero max tokens per request",
    schema: "classification",
    doc: classificationDoc({ budget: { maxTokensPerRequest: 0 } }),
    pointer: "/spec/budget/maxTokensPerRequest",
    keyword: "minimum",
  },
  {
    name: "selector glob escaping the directory",
    schema: "classification",
    doc: classificationDoc({ selector: { files: ["../other/*.yaml"] } }),
    pointer: "/spec/selector/files/0",
    keyword: "pattern",
  },
  {
    name: "absolute selector glob",
    schema: "classification",
    doc: classificationDoc({ selector: { files: ["/etc/litellm.yaml"] } }),
    pointer: "/spec/selector/files/0",
    keyword: "pattern",
  },
  {
    name: "resource without a name",
    schema: "classification",
    doc: classificationDoc({ selector: { resources: ["Deployment"] } }),
    pointer: "/spec/selector/resources/0",
    keyword: "pattern",
  },
  {
    name: "unknown spec property",
    schema: "classification",
    doc: classificationDoc({ classification: "restricted" }),
    pointer: "/spec",
    keyword: "additionalProperties",
  },
];

describe("schemas accept valid documents", () => {
  it.each(ACCEPTED)("$schema: $name", ({ schema, doc }) => {
    expect(describeErrors(validate(schema, doc))).toBe("");
  });
});

describe("schemas reject broken documents", () => {
  it.each(REJECTED)("$schema: $name -> $keyword at '$pointer'", ({ schema, doc, pointer, keyword }) => {
    const errors = validate(schema, doc);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((e) => `${e.instancePath} ${e.keyword}`)).toContain(`${pointer} ${keyword}`);
  });
});

// ------------------------------------------------------------------ provider catalogue integrity

describe("provider catalogue", () => {
  it("operator ids are unique", () => {
    const ids = operators.map((o) => o.id);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it.each(REQUIRED_OPERATORS)("has $id ($jurisdiction)", ({ id, jurisdiction, verified, parent, kind }) => {
    const o = operatorById.get(id);
    expect(o).toBeDefined();
    expect(o!.jurisdiction).toBe(jurisdiction);
    if (verified !== undefined) expect(o!.verified).toBe(verified);
    if (parent !== undefined) expect(o!.parent).toBe(parent);
    if (kind !== undefined) expect(o!.kind).toBe(kind);
  });

  it.each(HOST_RESOLUTION)("%s resolves to %s", (host, expected) => {
    expect(resolveHost(host)).toBe(expected);
  });

  it.each(UNIQUE_FIELDS)("every value of %s belongs to one operator", (field) => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const o of operators) {
      for (const v of o[field]) {
        const prev = owner.get(v);
        if (prev !== undefined && prev !== o.id) clashes.push(`${v}: ${prev} and ${o.id}`);
        owner.set(v, o.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it.each(LOWERCASE_FIELDS)("%s are lowercase", (field) => {
    const bad = operators.flatMap((o) => o[field].filter((v) => v !== v.toLowerCase()).map((v) => `${o.id}: ${v}`));
    expect(bad).toEqual([]);
  });

  it("every listed host and domain belongs only to its own operator", () => {
    const wrong: string[] = [];
    for (const o of operators) {
      for (const h of [...o.hosts, ...o.domains]) {
        const ids = [...claimants(h)];
        if (ids.length !== 1 || ids[0] !== o.id) wrong.push(`${h} (${o.id}) claimed by ${ids.join(", ")}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("hosts are not repeated as patterns and patterns use a wildcard", () => {
    const bad = operators.flatMap((o) => o.hostPatterns.filter((p) => !p.includes("*")).map((p) => `${o.id}: ${p}`));
    expect(bad).toEqual([]);
  });

  it.each(BROAD_DOMAINS)("%s stays out of domains and no host pattern matches it or an unrelated service under it", (broad) => {
    expect(operators.filter((o) => o.domains.includes(broad)).map((o) => o.id)).toEqual([]);
    const matches: string[] = [];
    for (const o of operators) {
      for (const p of o.hostPatterns) {
        const re = globToRegExp(p);
        for (const probe of BROAD_PROBES) if (re.test(probe + broad)) matches.push(`${o.id}: ${p} matches ${probe}${broad}`);
      }
    }
    expect(matches).toEqual([]);
  });

  it("every default endpoint is an http(s) URL on the operator's own hosts", () => {
    const wrong: string[] = [];
    for (const o of operators) {
      if (o.defaultEndpoint === null) continue;
      const url = new URL(o.defaultEndpoint);
      if (url.protocol !== "https:") wrong.push(`${o.id}: ${o.defaultEndpoint} is not https`);
      if (resolveHost(url.hostname) !== o.id) wrong.push(`${o.id}: ${url.hostname} resolves to ${resolveHost(url.hostname)}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(SIGNALS)("$field $value selects $operator", ({ field, value, operator }) => {
    const owners = operators.filter((o) => o[field].includes(value)).map((o) => o.id);
    expect(owners).toEqual([operator]);
  });

  it("aggregator names are keyed by aggregators or gateways and resolve to one operator each", () => {
    const byAggregator = new Map<string, Map<string, string>>();
    const problems: string[] = [];
    for (const o of operators) {
      for (const [agg, names] of Object.entries(o.aggregatorNames)) {
        const a = operatorById.get(agg);
        if (!a || (a.kind !== "aggregator" && a.kind !== "gateway")) problems.push(`${o.id}: ${agg} is not an aggregator or gateway`);
        const seen = byAggregator.get(agg) ?? new Map<string, string>();
        byAggregator.set(agg, seen);
        for (const n of names) {
          const key = normaliseName(n);
          const prev = seen.get(key);
          if (prev !== undefined && prev !== o.id) problems.push(`${agg} name ${n}: ${prev} and ${o.id}`);
          seen.set(key, o.id);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(OPENROUTER_NAMES)("OpenRouter provider %s resolves to %s", (name, expected) => {
    const owners = operators.filter((o) => (o.aggregatorNames["openrouter"] ?? []).some((n) => normaliseName(n) === normaliseName(name)));
    expect(owners.map((o) => o.id)).toEqual([expected]);
  });

  it("parent groups are consistent: top-level parents point at themselves and a group has one jurisdiction", () => {
    const problems: string[] = [];
    const jurisdictionOfGroup = new Map<string, string>();
    for (const o of operators) {
      const parentOp = operatorById.get(o.parent);
      if (parentOp && parentOp.parent !== parentOp.id) problems.push(`${o.id}: parent ${o.parent} is not top-level`);
      const j = jurisdictionOfGroup.get(o.parent);
      if (j !== undefined && j !== o.jurisdiction) problems.push(`${o.id}: ${o.jurisdiction} differs from group ${o.parent} (${j})`);
      jurisdictionOfGroup.set(o.parent, o.jurisdiction);
    }
    expect(problems).toEqual([]);
  });

  it("unverified markers name values the entry has, and unverified entries explain why", () => {
    const problems: string[] = [];
    for (const o of operators) {
      if (!o.verified && !o.notes) problems.push(`${o.id}: verified false without notes`);
      for (const marker of o.unverified ?? []) {
        const m = /^([a-zA-Z]+)(?:\.([a-z0-9-]+))?(?::(.+))?$/.exec(marker);
        if (!m) {
          problems.push(`${o.id}: malformed marker ${marker}`);
          continue;
        }
        const [, field, sub, value] = m;
        let container: unknown = (o as unknown as Record<string, unknown>)[field];
        if (sub !== undefined) container = (container as Record<string, unknown> | undefined)?.[sub];
        // a marker value names a list entry: a string, or an object entry by one of its values ({pattern, note})
        const names = (item: unknown): boolean =>
          item === value || (item !== null && typeof item === "object" && Object.values(item as Record<string, unknown>).includes(value));
        const ok = value === undefined ? container !== undefined : Array.isArray(container) && container.some(names);
        if (!ok) problems.push(`${o.id}: marker ${marker} names nothing`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("generic and local prefixes are consistent", () => {
    const sdk = new Set(operators.flatMap((o) => o.sdkPrefixes));
    for (const [prefix, url] of Object.entries(providers.localPrefixes)) {
      expect(sdk.has(prefix)).toBe(false);
      expect(providers.genericPrefixes).not.toContain(prefix);
      if (url !== null) expect(["localhost", "127.0.0.1", "[::1]"]).toContain(new URL(url).hostname);
    }
    expect(providers.genericPrefixes).toEqual(expect.arrayContaining(["openai", "openai_like", "custom_openai", "text-completion-openai", "hosted_vllm"]));
  });
});

// ------------------------------------------------------------------ pricing catalogue integrity

describe("pricing catalogue", () => {
  it(`has at least ${MIN_PRICED_MODELS} priced models`, () => {
    expect(pricing.models.length).toBeGreaterThanOrEqual(MIN_PRICED_MODELS);
  });

  it("every price names an operator of the provider catalogue", () => {
    expect(pricing.models.filter((p) => !operatorById.has(p.operator)).map((p) => `${p.operator}/${p.model}`)).toEqual([]);
  });

  it("within an operator every model id and alias names one entry", () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const p of pricing.models) {
      for (const id of [p.model, ...p.aliases]) {
        const key = `${p.operator} ${id}`;
        const prev = owner.get(key);
        if (prev !== undefined) clashes.push(`${key}: ${prev} and ${p.model}`);
        owner.set(key, p.model);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("model ids, aliases and operators are lowercase", () => {
    const bad = pricing.models.flatMap((p) => [p.model, p.operator, ...p.aliases]).filter((v) => v !== v.toLowerCase());
    expect(bad).toEqual([]);
  });

  it("cache reads cost no more than input and no entry is newer than the catalogue", () => {
    const bad = pricing.models.filter((p) => (p.cachedInput !== undefined && p.cachedInput > p.input) || p.asOf > pricing.asOf);
    expect(bad.map((p) => `${p.operator}/${p.model}`)).toEqual([]);
  });

  it.each(PRICE_LOOKUPS)("%s %s is priced as %s", (operator, id, model) => {
    const hits = pricing.models.filter((p) => p.operator === operator && (p.model === id || p.aliases.includes(id)));
    expect(hits.map((p) => p.model)).toEqual([model]);
  });
});

// ------------------------------------------------------------------ organisation policy

describe("organisation policy", () => {
  it("denies CN to regulated workloads by default", () => {
    expect(orgPolicy.deniedJurisdictions.regulated).toContain("CN");
  });

  it("lists no internal networks or domains: the private ranges and special-use names are built into the rules, an organisation's lists add to them", () => {
    expect(orgPolicy.internalNetworks).toEqual([]);
    expect(orgPolicy.internalDomains).toEqual([]);
  });

  it("disabled rules and denied origins are well formed", () => {
    expect(orgPolicy.disabledRules).toContain("flag-denied-origin-model");
    expect(orgPolicy.deniedOrigins).toContain("CN");
  });
});
