import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { PolicyEngine } from "../engine/engine";
import { UsageError, type DiscoveredFile } from "../parse/discover";
import { paths } from "../paths";
import type { IndexEntry } from "./index-entries";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./protocol";
import { ScanShard, type EvaluateOutput, type ReadOutput, type ShardSettings } from "./shard";

/**
 * Below this many files a scan stays in one thread. A worker costs over a second of CPU on top of
 * the scan: starting (loading the modules, compiling the bundle and the schemas: about 0.4 s), and
 * warming up a JIT of its own while V8's background compiler and garbage collector, which a
 * one-thread scan already runs on the second core, now compete with two busy threads. Measured on
 * 2 cores (`npm run bench`) once positions came from the fast parse: a worker loses at 10,000 files
 * of typical manifests (0.91x) and gains at 25,000 (1.14x); with more cores the balance moves down.
 */
export const WORKER_MIN_FILES = 15000;
/** Each worker must have at least this many files to itself, so a small surplus does not start one more. */
const MIN_FILES_PER_SHARD = 2500;
const MAX_WORKERS = 8;

function coreCount(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/**
 * A worker count a user asked for (`--workers`, MODELGATE_WORKERS), at most the machine's cores:
 * each worker holds a compiled bundle and a JIT of its own, so `--workers 10000` must not start
 * ten thousand threads.
 */
export function userWorkers(requested: number): number {
  return Math.min(Math.max(0, Math.floor(requested)), coreCount());
}

/**
 * How many worker threads a scan of `fileCount` files uses: `requested` when given (the library
 * option; the CLI caps its flag with `userWorkers`), else MODELGATE_WORKERS (capped at the cores),
 * else by size and cores.
 */
export function plannedWorkers(fileCount: number, requested?: number): number {
  if (requested !== undefined) return Math.max(0, Math.floor(requested));
  const fromEnv = process.env.MODELGATE_WORKERS;
  if (fromEnv !== undefined && fromEnv !== "" && fromEnv !== "auto") {
    if (!/^\d+$/.test(fromEnv)) throw new UsageError(`MODELGATE_WORKERS must be a whole number or "auto", got "${fromEnv}"`);
    return userWorkers(Number(fromEnv));
  }
  const cores = coreCount();
  if (cores < 2 || fileCount < WORKER_MIN_FILES) return 0;
  return Math.max(0, Math.min(cores - 1, MAX_WORKERS, Math.floor(fileCount / MIN_FILES_PER_SHARD) - 1));
}

/** The compiled worker script: next to this file when running from dist/, else in dist/ (tests run the TypeScript sources). */
function workerScript(): string {
  const beside = path.join(__dirname, "worker.js");
  if (existsSync(beside)) return beside;
  const built = path.join(paths.root, "dist", "src", "scan", "worker.js");
  if (existsSync(built)) return built;
  throw new Error(`the scan worker ${built} is missing; run \`npx tsc -p tsconfig.json\``);
}

/** A ScanShard in a worker thread, driven by messages; several requests may be in flight. */
class RemoteShard {
  private readonly worker: Worker;
  private readonly pending = new Map<string, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  private failure: Error | null = null;

  constructor(init: WorkerInit, onFiles: (count: number) => void) {
    this.worker = new Worker(workerScript(), { workerData: init });
    this.worker.on("message", (reply: WorkerReply) => {
      if (reply.type === "progress") return onFiles(reply.files);
      if (reply.type === "error") return this.fail(new Error(`scan worker failed: ${reply.message}`));
      const key = `${reply.type}:${reply.chunk}`;
      const pending = this.pending.get(key);
      this.pending.delete(key);
      pending?.resolve(reply);
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => this.fail(new Error(`scan worker exited with code ${code}`)));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
  }

  private request(message: WorkerRequest & { chunk: number }): Promise<WorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(`${message.type}:${message.chunk}`, { resolve, reject });
      this.worker.postMessage(message);
    });
  }

  async read(chunk: number, files: DiscoveredFile[]): Promise<ReadOutput> {
    const reply = await this.request({ type: "read", chunk, files });
    return (reply as Extract<WorkerReply, { type: "read" }>).output;
  }

  link(entries: IndexEntry[]): void {
    if (!this.failure) this.worker.postMessage({ type: "link", entries } satisfies WorkerRequest);
  }

  async evaluate(chunk: number, files: DiscoveredFile[]): Promise<EvaluateOutput> {
    const reply = await this.request({ type: "evaluate", chunk, files });
    return (reply as Extract<WorkerReply, { type: "evaluate" }>).output;
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }
}

/** Contiguous runs of the file list, in order: results kept per chunk concatenate back into scan order. */
export function chunkFiles<T>(files: readonly T[], shards: number): T[][] {
  const size = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(files.length / (shards * CHUNKS_PER_SHARD))));
  const out: T[][] = [];
  for (let i = 0; i < files.length; i += size) out.push(files.slice(i, i + size));
  return out;
}

const CHUNKS_PER_SHARD = 16;
const MIN_CHUNK = 4;
const MAX_CHUNK = 64;
/** Chunks a worker holds at once, so it never waits for the main thread to hand it the next. */
const IN_FLIGHT = 2;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs chunks on the main thread and the workers until `pick` has none left for anyone. The main
 * thread works one chunk at a time and lets worker replies in between; a worker keeps IN_FLIGHT
 * chunks queued. A thread slowed by anything (starting up, other processes) simply takes fewer.
 */
async function runChunks(
  remotes: readonly RemoteShard[],
  pick: (shard: number) => number | undefined,
  local: (chunk: number) => Promise<void> | void,
  remote: (shard: RemoteShard, chunk: number) => Promise<void>,
): Promise<void> {
  let failed = false;
  const guardedPick = (shard: number): number | undefined => (failed ? undefined : pick(shard));
  const loops = Promise.all(
    remotes.map(async (shard, i) => {
      const inFlight = new Set<Promise<void>>();
      for (;;) {
        while (inFlight.size < IN_FLIGHT) {
          const chunk = guardedPick(i + 1);
          if (chunk === undefined) break;
          const run: Promise<void> = remote(shard, chunk).then(() => {
            inFlight.delete(run);
          });
          inFlight.add(run);
        }
        if (inFlight.size === 0) return;
        await Promise.race(inFlight);
      }
    }),
  );
  loops.catch(() => {
    failed = true;
  });
  for (let chunk = guardedPick(0); chunk !== undefined; chunk = guardedPick(0)) {
    await local(chunk);
    await nextTurn();
  }
  await loops;
}

export interface ShardResults {
  /** Per chunk, in scan order. */
  reads: ReadOutput[];
  /** Per chunk, in scan order. */
  evaluations: EvaluateOutput[];
  /** The main thread's shard; with no workers it holds every canonical document and their resolver. */
  local: ScanShard;
}

/**
 * Runs a scan over `workers` worker threads plus the main thread, in two phases over chunks of
 * files. Phase 1: the threads take chunks in turn, read and parse them, and return their joinable
 * documents (ConfigMaps, Secrets, Namespaces, Services, WorkloadClassification documents, ...). The
 * main thread concatenates them in scan order and hands the whole list to every thread. Phase 2:
 * each thread adapts and evaluates the chunks it parsed; a thread that runs out takes the last
 * chunks of the busiest one and parses them again. Results are kept per chunk and concatenated
 * in scan order. With `workers` 0 the same two phases run in the main thread on a single chunk.
 */
export async function runShards(
  files: readonly DiscoveredFile[],
  workers: number,
  engine: PolicyEngine,
  settings: ShardSettings,
  onFile?: () => void,
): Promise<ShardResults> {
  const local = new ScanShard(engine, settings);
  if (workers === 0) {
    const read = await local.read(0, files, onFile);
    local.link(read.entries);
    return { reads: [read], evaluations: [local.evaluate(0, files, true)], local };
  }
  const chunks = chunkFiles(files, workers + 1);
  const init: WorkerInit = { bundle: engine.bundle, settings };
  const tick = (count: number): void => {
    for (let i = 0; i < count; i++) onFile?.();
  };
  const remotes = Array.from({ length: workers }, () => new RemoteShard(init, tick));
  try {
    const reads = new Array<ReadOutput>(chunks.length);
    const owner = new Array<number>(chunks.length);
    let next = 0;
    await runChunks(
      remotes,
      (shard) => {
        if (next >= chunks.length) return undefined;
        owner[next] = shard;
        return next++;
      },
      async (chunk) => {
        reads[chunk] = await local.read(chunk, chunks[chunk], onFile);
      },
      async (remote, chunk) => {
        reads[chunk] = await remote.read(chunk, chunks[chunk]);
      },
    );
    const entries = reads.flatMap((read) => read.entries);
    for (const remote of remotes) remote.link(entries);
    local.link(entries);

    // each shard's own chunks, in order; a shard without any left takes the busiest shard's last one
    const own: number[][] = Array.from({ length: workers + 1 }, () => []);
    owner.forEach((shard, chunk) => own[shard].push(chunk));
    const evaluations = new Array<EvaluateOutput>(chunks.length);
    await runChunks(
      remotes,
      (shard) => {
        const mine = own[shard];
        if (mine.length > 0) return mine.shift();
        const busiest = own.reduce((best, list, i) => (list.length > own[best].length ? i : best), 0);
        return own[busiest].pop();
      },
      (chunk) => {
        evaluations[chunk] = local.evaluate(chunk, chunks[chunk]);
      },
      async (remote, chunk) => {
        evaluations[chunk] = await remote.evaluate(chunk, chunks[chunk]);
      },
    );
    return { reads, evaluations, local };
  } finally {
    await Promise.all(remotes.map((remote) => remote.close()));
  }
}
