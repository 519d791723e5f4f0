/**
 * A scan split over worker threads reports exactly what a scan in one thread reports: the same
 * findings (positions, waivers, enforcement included) in the same order, and the same counts.
 * Workers run the compiled dist/ (`npx tsc -p tsconfig.json` first, as `npm test` does).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type PolicyEngine } from "../../src/engine/engine";
import { chunkFiles, plannedWorkers, WORKER_MIN_FILES } from "../../src/scan/pool";
import { scan, type ScanResult } from "../../src/scan/scan";
import { defaultEngine } from "../helpers/engine";
import { runCase } from "../waivers/run-case";
import { generateCorpus } from "./corpus";

const REPO = path.join(__dirname, "..", "..");

// Each scan with workers starts threads that load the modules and compile the bundle.
jest.setTimeout(120_000);

function comparable(result: ScanResult): unknown {
  return { files: result.files, workloads: result.workloads, inputErrors: result.inputErrors, findings: result.findings };
}

describe("worker threads", () => {
  let corpus: string;

  beforeAll(() => {
    corpus = mkdtempSync(path.join(os.tmpdir(), "modelgate-workers-"));
    generateCorpus(corpus, 240);
  });

  afterAll(() => rmSync(corpus, { recursive: true, force: true }));

  it("report the same as one thread over examples/", async () => {
    const engine = defaultEngine();
    const single = await scan({ paths: ["examples"], cwd: REPO, engine, workers: 0 });
    expect(single.workers).toBe(0);
    for (const workers of [1, 3]) {
      const split = await scan({ paths: ["examples"], cwd: REPO, engine, workers });
      expect(split.workers).toBe(workers);
      expect(comparable(split)).toEqual(comparable(single));
    }
  });

  it.each([1, 2, 5])("report the same as one thread over a generated corpus with joins across shards, waivers and a config (%i workers)", async (workers) => {
    const single = await runCase(corpus, { today: "2026-06-01", workers: 0 });
    const split = await runCase(corpus, { today: "2026-06-01", workers });
    expect(split.result.workers).toBe(workers);
    expect(comparable(split.result)).toEqual(comparable(single.result));
    expect(split.exitCode).toBe(single.exitCode);
  });

  it("cover what the corpus is meant to exercise", async () => {
    const { result } = await runCase(corpus, { today: "2026-06-01", workers: 2 });
    const rules = new Set(result.findings.map((finding) => finding.ruleId));
    for (const id of [
      "invalid-input",
      "invalid-waiver",
      "require-token-cap",
      "disallow-denied-jurisdiction-endpoint",
      "require-known-price",
      "require-pinned-weights",
    ])
      expect(rules).toContain(id);
    expect(result.findings.some((finding) => finding.waived && finding.waiverSource?.startsWith("inline "))).toBe(true);
    expect(result.findings.some((finding) => finding.waived && finding.waiverSource?.startsWith("modelgate.yaml:"))).toBe(true);
    expect(result.findings.some((finding) => finding.enforcement === "warn")).toBe(true);
    expect(result.findings.some((finding) => finding.ruleId === "disallow-unknown-operator")).toBe(false);
    // findings located in a ConfigMap another shard parsed still carry a position
    const inConfigMaps = result.findings.filter((finding) => finding.file.includes("/config/llm-"));
    expect(inConfigMaps.length).toBeGreaterThan(0);
    for (const finding of inConfigMaps) expect(finding.line).toBeGreaterThan(0);
  });

  it("fail the scan when a worker fails, never return part of the findings", async () => {
    const engine = defaultEngine();
    const broken = Object.assign(Object.create(Object.getPrototypeOf(engine) as object) as PolicyEngine, engine, {
      bundle: { ...engine.bundle, wasm: Buffer.from("not wasm") },
    });
    await expect(scan({ paths: ["examples"], cwd: REPO, engine: broken, workers: 1 })).rejects.toThrow(/not a valid WebAssembly module/);
  });
});

describe("worker planning", () => {
  const saved = process.env.MODELGATE_WORKERS;
  afterEach(() => {
    if (saved === undefined) delete process.env.MODELGATE_WORKERS;
    else process.env.MODELGATE_WORKERS = saved;
  });

  it.each([
    ["below the threshold stays in one thread", WORKER_MIN_FILES - 1, undefined, undefined, 0],
    ["an explicit count wins", 10, 3, undefined, 3],
    ["an explicit 0 wins", 100_000, 0, undefined, 0],
    ["MODELGATE_WORKERS sets the count", 10, undefined, "2", 2],
    ["MODELGATE_WORKERS=0 keeps one thread", 100_000, undefined, "0", 0],
    ["MODELGATE_WORKERS is capped at the cores", 10, undefined, "100000", os.availableParallelism()],
  ] as const)("%s", (_name, files, requested, env, expected) => {
    if (env === undefined) delete process.env.MODELGATE_WORKERS;
    else process.env.MODELGATE_WORKERS = env;
    expect(plannedWorkers(files, requested)).toBe(expected);
  });

  it("rejects a MODELGATE_WORKERS that is not a count", () => {
    process.env.MODELGATE_WORKERS = "many";
    expect(() => plannedWorkers(10)).toThrow('MODELGATE_WORKERS must be a whole number or "auto", got "many"');
  });

  it("uses at most cores - 1 workers at and above the threshold", () => {
    delete process.env.MODELGATE_WORKERS;
    const cores = os.availableParallelism();
    expect(plannedWorkers(100_000)).toBe(Math.min(Math.max(cores - 1, 0), 8));
  });

  it("cuts files into contiguous chunks in order", () => {
    const files = Array.from({ length: 1000 }, (_, i) => i);
    const chunks = chunkFiles(files, 2);
    expect(chunks.flat()).toEqual(files);
    expect(chunks.length).toBeGreaterThanOrEqual(16);
    expect(chunkFiles([1, 2, 3, 4, 5], 2)).toEqual([[1, 2, 3, 4], [5]]);
  });
});
