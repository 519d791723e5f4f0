/**
 * `npm run bench`: generates N realistic manifests (workloads, ConfigMaps, Secrets, Namespaces,
 * LiteLLM configs, model servers, unrelated kinds), times `modelgate check` over them end to end in
 * one thread and with worker threads (and checks both report the same findings), then times the
 * wasm engine and the pinned `opa eval` on the same canonical documents.
 * Usage: npm run bench -- [--files N] [--runs R] [--flow]   (--flow: env lists in flow style, `- {name: X, value: "1"}`)
 *        npm run bench -- --sweep [--runs R]   one thread against workers from 250 to 16,000 files
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { Worker } from "node:worker_threads";
import path from "node:path";
import { ensureDefaultBundle } from "../src/bundle/ensure";
import { PolicyEngine } from "../src/engine/engine";
import { readBundle } from "../src/bundle/read";
import { paths } from "../src/paths";
import { WORKER_MIN_FILES } from "../src/scan/pool";
import { scan } from "../src/scan/scan";
import { secondParseCount } from "../src/parse/parse-text";
import { runOpa } from "../src/tools/opa";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A small deterministic PRNG so every run benchmarks the same corpus. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const HOSTS = [
  "https://api.openai.com/v1",
  "https://api.anthropic.com",
  "https://api.deepseek.com/v1",
  "https://api.moonshot.ai/v1",
  "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
  "https://openrouter.ai/api/v1",
  "http://litellm.gateway.svc.cluster.local:4000/v1",
  "http://vllm.ml-serving.svc:8000/v1",
  "https://api.together.xyz/v1",
  "https://llm-relay.example.net/v1",
];
const MODELS = ["gpt-5.5", "claude-sonnet-4.6", "deepseek-v4-flash", "kimi-k2.6", "qwen3.6-plus", "minimax-m2.5", "glm-5"];
const NAMESPACES = ["payments", "clinical", "research", "support", "ml-serving"];

/** An env list in block style, or in flow style as many generators write it. */
function envList(entries: ReadonlyArray<readonly [string, string]>, flow: boolean): string {
  return entries
    .map(([name, value]) =>
      flow
        ? `            - {name: ${name}, ${value.startsWith("{") ? `valueFrom: ${value}` : `value: ${value}`}}\n`
        : value.startsWith("{")
          ? `            - name: ${name}\n              valueFrom: ${value}\n`
          : `            - name: ${name}\n              value: ${value}\n`,
    )
    .join("");
}

export function generate(dir: string, count: number, flow = false): void {
  const random = prng(20261127);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const ns = (i: number): string => NAMESPACES[i % NAMESPACES.length];
  const files: Array<[string, string]> = [];
  files.push([
    "namespaces.yaml",
    NAMESPACES.map(
      (name, i) =>
        `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    modelgate.dev/regulated: "${i % 2 === 0}"\n    modelgate.dev/data-class: ${pick(["internal", "confidential", "public"])}\n`,
    ).join("---\n"),
  ]);
  for (let i = 1; files.length < count; i++) {
    const roll = random();
    const namespace = ns(i);
    if (roll < 0.4) {
      const kind = pick(["Deployment", "StatefulSet", "DaemonSet"]);
      const viaConfigMap = random() < 0.3;
      const env = viaConfigMap
        ? `          envFrom:\n            - configMapRef: {name: llm-${i}}\n`
        : `          env:\n${envList(
            [
              ["FEATURE_1", '"42"'],
              ["OPENAI_BASE_URL", pick(HOSTS)],
              ["OPENAI_MODEL", pick(MODELS)],
              ["OPENAI_API_KEY", `{secretKeyRef: {name: llm-key-${i}, key: key}}`],
            ],
            flow,
          )}`;
      files.push([
        `workloads/${kind.toLowerCase()}-${i}.yaml`,
        `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: app-${i}\n  namespace: ${namespace}\n  labels: {app: app-${i}, tier: backend}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: app-${i}}\n  template:\n    metadata:\n      labels: {app: app-${i}}\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/app-${i}:1.${i % 10}.0\n          ports:\n            - containerPort: 8080\n          resources:\n            requests: {cpu: 250m, memory: 256Mi}\n${env}`,
      ]);
      if (viaConfigMap) {
        files.push([
          `config/llm-${i}.yaml`,
          `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: llm-${i}\n  namespace: ${namespace}\ndata:\n  ANTHROPIC_BASE_URL: ${pick(HOSTS)}\n  ANTHROPIC_MODEL: ${pick(MODELS)}\n  LOG_LEVEL: info\n`,
        ]);
      }
    } else if (roll < 0.5) {
      files.push([
        `cron/job-${i}.yaml`,
        `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: job-${i}\n  namespace: ${namespace}\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n            - name: job\n              image: ghcr.io/acme/job:2.0.0\n              args: ["--base-url", "${pick(HOSTS)}", "--model", "${pick(MODELS)}"]\n`,
      ]);
    } else if (roll < 0.62) {
      files.push([
        `secrets/secret-${i}.yaml`,
        `apiVersion: v1\nkind: Secret\nmetadata:\n  name: llm-key-${i}\n  namespace: ${namespace}\ntype: Opaque\ndata:\n  key: ${Buffer.from(`sk-${i}-0000000000000000`).toString("base64")}\n`,
      ]);
    } else if (roll < 0.74) {
      const entries = Array.from({ length: 3 + (i % 4) }, (_, j) => {
        const model = pick(MODELS);
        return `  - model_name: m${j}\n    litellm_params:\n      model: ${pick(["openai", "openrouter/deepseek", "anthropic", "deepseek", "hosted_vllm"])}/${model}\n      api_key: os.environ/KEY_${j}\n      tpm: ${1000 * (1 + (i % 50))}\n      max_tokens: 4096\n`;
      }).join("");
      files.push([`gateways/litellm-${i}.yaml`, `model_list:\n${entries}litellm_settings:\n  max_budget: ${100 + (i % 900)}\n  budget_duration: 30d\n`]);
    } else if (roll < 0.8) {
      files.push([
        `serving/vllm-${i}.yaml`,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm-${i}\n  namespace: ml-serving\nspec:\n  selector:\n    matchLabels: {app: vllm-${i}}\n  template:\n    metadata:\n      labels: {app: vllm-${i}}\n    spec:\n      containers:\n        - name: vllm\n          image: vllm/vllm-openai:v0.11.0\n          command: ["vllm", "serve", "${pick(["Qwen/Qwen3-8B", "deepseek-ai/DeepSeek-V4-Flash", "/models/local"])}"]\n          args: ["--max-model-len", "32768"]\n`,
      ]);
    } else {
      files.push([
        `misc/service-${i}.yaml`,
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: ${namespace}\nspec:\n  selector: {app: app-${i}}\n  ports:\n    - port: 80\n      targetPort: 8080\n`,
      ]);
    }
  }
  for (const [file, text] of files) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Summary {
  files: number;
  workloads: number;
  findings: number;
}

interface Timed {
  wall: number;
  summary: Summary;
  /** The JSON report's findings, to compare single-thread and worker output. */
  findings: string;
}

/** `modelgate check` end to end in a fresh process, `runs` times; median wall time. */
function timeCheck(dir: string, workers: number, runs: number): Timed {
  const walls: number[] = [];
  let last: { summary: Summary; findings: unknown[] } | null = null;
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    const cli = spawnSync(
      process.execPath,
      [path.join(paths.root, "bin", "modelgate.js"), "check", dir, "--format", "json", "--fail-on", "never", "--workers", String(workers)],
      { encoding: "utf8", maxBuffer: 1024 * 1024 * 1024, cwd: dir },
    );
    walls.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (cli.status !== 0) throw new Error(`modelgate check --workers ${workers} exited ${cli.status}: ${cli.stderr}`);
    last = JSON.parse(cli.stdout) as { summary: Summary; findings: unknown[] };
  }
  return { wall: median(walls), summary: last!.summary, findings: JSON.stringify(last!.findings) };
}

/**
 * How much a second thread adds on this machine right now: busy loops for one second on one
 * thread, then on two. 2.0 means a free core; about 1.0 means other processes (or the host) take
 * the second core, and no worker can pay off.
 */
async function parallelism(): Promise<number> {
  const code = `const end = Date.now() + 1000; let n = 0; while (Date.now() < end) { for (let i = 0; i < 1e5; i++) n += i & 1; } require("node:worker_threads").parentPort.postMessage(n);`;
  const spin = (threads: number): Promise<number[]> =>
    Promise.all(
      Array.from(
        { length: threads },
        () =>
          new Promise<number>((resolve, reject) => {
            const worker = new Worker(code, { eval: true });
            worker.once("message", (n: number) => void worker.terminate().then(() => resolve(n)));
            worker.once("error", reject);
          }),
      ),
    );
  const one = (await spin(1))[0];
  const two = (await spin(2)).reduce((a, b) => a + b, 0);
  return two / one;
}

function cores(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/** --sweep: single thread against workers over growing corpora, to place WORKER_MIN_FILES. */
async function sweep(runs: number): Promise<void> {
  const workers = Math.max(1, cores() - 1);
  process.stdout.write(`machine: ${cores()} cores, node ${process.version}; ${workers} worker(s) + main thread against one thread, median of ${runs}\n`);
  process.stdout.write(`two threads do ${(await parallelism()).toFixed(2)}x the work of one right now (2.00 = a free second core)\n\n`);
  process.stdout.write("| files | one thread | workers | gain |\n| ---: | ---: | ---: | ---: |\n");
  for (const count of [250, 500, 1000, 2000, 4000, 8000, 16000]) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-sweep-"));
    try {
      generate(dir, count);
      const single = timeCheck(dir, 0, runs);
      const parallel = timeCheck(dir, workers, runs);
      if (single.findings !== parallel.findings) throw new Error(`findings differ between one thread and ${workers} worker(s) at ${count} files`);
      process.stdout.write(`| ${count} | ${single.wall.toFixed(3)} s | ${parallel.wall.toFixed(3)} s | ${(single.wall / parallel.wall).toFixed(2)}x |\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`\ncurrent threshold: scans of ${WORKER_MIN_FILES} files or more use workers by default\n`);
}

async function main(): Promise<void> {
  const fileCount = arg("files", 10_000);
  const runs = arg("runs", 3);
  const bundleDir = ensureDefaultBundle();
  if (process.argv.includes("--sweep")) return sweep(runs);
  const dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-bench-"));
  try {
    generate(dir, fileCount, process.argv.includes("--flow"));
    const workers = Math.max(1, cores() - 1);
    process.stdout.write(
      `corpus: ${fileCount} files in ${dir}${process.argv.includes("--flow") ? " (env lists in flow style)" : ""}\nmachine: ${cores()} cores, node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")}\n` + `two threads do ${(await parallelism()).toFixed(2)}x the work of one right now (2.00 = a free second core)\n\n`,
    );

    const single = timeCheck(dir, 0, runs);
    const parallel = timeCheck(dir, workers, runs);
    const { summary } = single;
    const identical = single.findings === parallel.findings;
    process.stdout.write(
      `modelgate check (end to end, ${runs} runs, median): ${summary.files} files, ${summary.workloads} workloads, ${summary.findings} findings\n` +
        `  one thread (--workers 0):           ${single.wall.toFixed(2)} s wall, ${(summary.files / single.wall).toFixed(0)} files/s, ${(summary.workloads / single.wall).toFixed(0)} workloads/s\n` +
        `  ${workers} worker(s) + main (--workers ${workers}): ${parallel.wall.toFixed(2)} s wall, ${(summary.files / parallel.wall).toFixed(0)} files/s, ${(summary.workloads / parallel.wall).toFixed(0)} workloads/s\n` +
        `  gain: ${(single.wall / parallel.wall).toFixed(2)}x; findings ${identical ? "identical" : "DIFFER"}\n\n`,
    );
    if (!identical) throw new Error("worker findings differ from the single-thread findings");

    // The same comparison inside this process, with CPU time (all threads): CPU shows what the
    // workers cost in total, wall against CPU shows whether the cores were free.
    const inProcess = new PolicyEngine(readBundle(bundleDir));
    for (const count of [0, workers]) {
      const walls: number[] = [];
      const cpus: number[] = [];
      for (let run = 0; run < runs; run++) {
        const cpu = process.cpuUsage();
        const started = process.hrtime.bigint();
        await scan({ paths: [dir], cwd: dir, engine: inProcess, workers: count });
        walls.push(Number(process.hrtime.bigint() - started) / 1e9);
        const used = process.cpuUsage(cpu);
        cpus.push((used.user + used.system) / 1e6);
      }
      process.stdout.write(`scan() in process, --workers ${count}: ${median(walls).toFixed(2)} s wall, ${median(cpus).toFixed(2)} s CPU (all threads)\n`);
    }
    process.stdout.write(
      `load average (1, 5, 15 min) at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")}\n\n`,
    );

    const engine = new PolicyEngine(readBundle(bundleDir));
    const parsedBefore = secondParseCount();
    const { documents, findings } = await scan({ paths: [dir], cwd: dir, engine, workers: 0 });
    process.stdout.write(
      `second parses to place findings: ${secondParseCount() - parsedBefore} of ${summary.files} files (${findings.length} findings placed from the first parse otherwise)\n\n`,
    );
    for (const doc of documents.slice(0, 200)) engine.evaluate(doc); // warm-up
    const started = process.hrtime.bigint();
    let wasmFindings = 0;
    for (const doc of documents) wasmFindings += engine.evaluate(doc).length;
    const wasmSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const wasmPerDoc = (wasmSeconds / documents.length) * 1e6;
    process.stdout.write(
      `wasm engine (in process): ${documents.length} documents in ${wasmSeconds.toFixed(3)} s, ${wasmPerDoc.toFixed(1)} µs/document, ${wasmFindings} findings\n`,
    );

    const opaDir = path.join(dir, ".opa-bundle");
    mkdirSync(opaDir);
    const input = path.join(dir, ".opa-input.json");
    writeFileSync(input, JSON.stringify({ docs: documents }));
    const query = "count([f | some doc in input.docs; some f in data.modelgate.main.findings with input as doc])";
    const opaStarted = process.hrtime.bigint();
    const result = runOpa([
      "eval",
      "--metrics",
      "--format",
      "json",
      "-d",
      path.join(paths.policies, "lib"),
      "-d",
      path.join(paths.policies, "rules"),
      "-d",
      path.join(paths.policies, "main.rego"),
      "-d",
      path.join(bundleDir, "data.json"),
      "--ignore",
      "*_test.rego",
      "-i",
      input,
      query,
    ]);
    const opaWall = Number(process.hrtime.bigint() - opaStarted) / 1e9;
    if (result.status !== 0) throw new Error(`opa eval failed: ${result.stderr}`);
    const parsed = JSON.parse(result.stdout) as { result: Array<{ expressions: Array<{ value: number }> }>; metrics: Record<string, number> };
    const opaFindings = parsed.result[0].expressions[0].value;
    const evalNs = parsed.metrics.timer_rego_query_eval_ns ?? 0;
    const opaPerDoc = evalNs / 1000 / documents.length;
    process.stdout.write(
      `opa eval (pinned, topdown, same documents and Rego): ${(evalNs / 1e9).toFixed(3)} s evaluation, ${opaPerDoc.toFixed(1)} µs/document, ${opaFindings} findings; ${opaWall.toFixed(2)} s wall including load\n`,
    );
    process.stdout.write(`wasm vs opa eval per document: ${(opaPerDoc / wasmPerDoc).toFixed(2)}x\n`);
    if (opaFindings !== wasmFindings) process.stdout.write(`WARNING: finding counts differ (wasm ${wasmFindings}, opa ${opaFindings})\n`);
  } finally {
    if (!process.env.MODELGATE_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
