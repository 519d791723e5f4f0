import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** A small deterministic PRNG, so every run generates the same corpus. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const HOSTS = [
  "https://api.openai.com/v1",
  "https://api.deepseek.com/v1",
  "https://openrouter.ai/api/v1",
  "http://litellm.gateway.svc.cluster.local:4000/v1",
  "https://llm-relay.example.net/v1",
  "${LLM_URL}",
];
const MODELS = ["gpt-5.4-mini", "deepseek-v4-flash", "claude-sonnet-4.6", "qwen3.6-plus", "acme-house-model-7"];
const NAMESPACES = ["payments", "clinical", "research", "support"];

/**
 * Writes `count` files under `dir` whose documents join across files in every way the adapters
 * know (envFrom and secretKeyRef into ConfigMaps and Secrets elsewhere, Namespace labels,
 * WorkloadClassification documents covering directories), with inline waivers (valid, expired,
 * malformed), multi-document files and files that do not parse. Files are spread over directories
 * so that a scan split into shards joins across shards.
 */
export function generateCorpus(dir: string, count: number, seed = 7): void {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const files: Array<[string, string]> = [];
  const team = (i: number): string => `team-${i % 7}`;
  for (const [i, name] of NAMESPACES.entries()) {
    files.push([
      `z-namespaces/${name}.yaml`,
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    modelgate.dev/regulated: "${i % 2 === 0}"\n    modelgate.dev/data-class: ${pick(["internal", "confidential", "public"])}\n`,
    ]);
  }
  for (let t = 0; t < 7; t++) {
    files.push([
      `${team(t)}/gateways/classification.yaml`,
      `apiVersion: modelgate.dev/v1\nkind: WorkloadClassification\nmetadata:\n  name: ${team(t)}\n  annotations:\n    modelgate.dev/waivers: '[{"rule": "require-token-cap", "reason": "capped by the vendor", "expires": "2026-0${6 + (t % 4)}-15"}]'\nspec:\n  dataClass: ${pick(["internal", "confidential"])}\n  regulated: ${t % 2 === 0}\n${t % 3 === 0 ? "  budget:\n    usdMonthly: 500\n" : ""}`,
    ]);
  }
  for (let i = 0; files.length < count; i++) {
    const roll = random();
    const namespace = NAMESPACES[i % NAMESPACES.length];
    const base = `${team(i)}`;
    if (roll < 0.3) {
      const waiver =
        i % 5 === 0
          ? `  annotations:\n    modelgate.dev/waivers: |\n      - rule: ${pick(["require-token-cap", "disallow-denied-jurisdiction-endpoint", "require-classification"])}\n        reason: accepted for the migration\n        expires: ${pick(["2026-05-01", "2026-06-30", "2026-12-31", "bad"])}\n`
          : "";
      const env =
        i % 3 === 0
          ? `          envFrom:\n            - configMapRef: {name: llm-${i + 1}}\n`
          : `          env:\n            - name: OPENAI_BASE_URL\n              value: "${pick(HOSTS)}"\n            - name: OPENAI_MODEL\n              value: ${pick(MODELS)}\n            - name: OPENAI_API_KEY\n              valueFrom:\n                secretKeyRef: {name: key-${i + 2}, key: key}\n`;
      files.push([
        `${base}/apps/app-${i}.yaml`,
        `apiVersion: apps/v1\nkind: ${pick(["Deployment", "StatefulSet"])}\nmetadata:\n  name: app-${i}\n  namespace: ${namespace}\n${waiver}spec:\n  selector:\n    matchLabels: {app: app-${i}}\n  template:\n    metadata:\n      labels: {app: app-${i}}\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/app:1.0.0\n${env}`,
      ]);
    } else if (roll < 0.42) {
      // the ConfigMap an earlier workload's envFrom names, in another team's folder
      files.push([
        `${team(i + 3)}/config/llm-${i}.yaml`,
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: llm-${i}\n  namespace: ${NAMESPACES[(i - 1) % NAMESPACES.length]}\ndata:\n  ANTHROPIC_BASE_URL: ${pick(HOSTS.slice(0, 5))}\n  ANTHROPIC_MODEL: ${pick(MODELS)}\n`,
      ]);
    } else if (roll < 0.5) {
      files.push([
        `${team(i + 5)}/secrets/key-${i}.yaml`,
        `apiVersion: v1\nkind: Secret\nmetadata:\n  name: key-${i}\n  namespace: ${NAMESPACES[(i - 2 + NAMESPACES.length * 10) % NAMESPACES.length]}\ntype: Opaque\nstringData:\n  key: sk-${i}\n`,
      ]);
    } else if (roll < 0.65) {
      const entries = Array.from(
        { length: 1 + (i % 3) },
        (_, j) =>
          `  - model_name: m${j}\n    litellm_params:\n      model: ${pick(["openai", "deepseek", "openrouter/deepseek", "anthropic"])}/${pick(MODELS)}\n${j % 2 === 0 ? "      tpm: 10000\n      max_tokens: 2048\n" : ""}`,
      ).join("");
      files.push([`${base}/gateways/litellm-${i}.yaml`, `model_list:\n${entries}`]);
    } else if (roll < 0.72) {
      files.push([
        `${base}/jobs/multi-${i}.yaml`,
        [0, 1, 2]
          .map(
            (k) =>
              `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: job-${i}-${k}\n  namespace: ${namespace}\nspec:\n  template:\n    spec:\n      containers:\n        - name: job\n          image: ghcr.io/acme/job:1.0.0\n          args: ["--base-url", "${pick(HOSTS.slice(0, 5))}"]\n`,
          )
          .join("---\n"),
      ]);
    } else if (roll < 0.78) {
      files.push([
        `${base}/serving/vllm-${i}.yaml`,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm-${i}\n  namespace: ${namespace}\nspec:\n  selector:\n    matchLabels: {app: vllm-${i}}\n  template:\n    metadata:\n      labels: {app: vllm-${i}}\n    spec:\n      containers:\n        - name: vllm\n          image: vllm/vllm-openai:v0.11.0\n          command: ["vllm", "serve", "${pick(["Qwen/Qwen3-8B", "deepseek-ai/DeepSeek-V4-Flash"])}"]\n`,
      ]);
    } else if (roll < 0.81) {
      files.push([`${base}/broken/broken-${i}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n`]);
    } else {
      files.push([
        `${base}/misc/service-${i}.yaml`,
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: ${namespace}\nspec:\n  ports:\n    - port: 80\n`,
      ]);
    }
  }
  files.push([
    "modelgate.yaml",
    [
      "apiVersion: modelgate.dev/v1",
      "kind: Config",
      "rules:",
      "  require-known-price: warn",
      "  disallow-unknown-operator: off",
      "classification:",
      "  paths:",
      '    - files: ["team-1/**"]',
      "      classification: {dataClass: confidential, regulated: true}",
      "waivers:",
      "  entries:",
      "    - rule: require-pinned-weights",
      '      path: "team-2/**"',
      "      owner: ml",
      "      reason: pinned by digest",
      "      expires: 2026-07-01",
      "    - rule: require-token-cap",
      "      resource: Deployment/payments/app-4",
      "      owner: payments",
      "      reason: capped upstream",
      "      expires: 2026-05-01",
      "",
    ].join("\n"),
  ]);
  for (const [file, text] of files) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}
