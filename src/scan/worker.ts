/**
 * A scan worker thread: hosts one ScanShard and runs the requests of src/scan/pool.ts in the order
 * they arrive: read chunks (phase 1), link the whole scan's joinable documents, evaluate chunks
 * (phase 2). Any failure is reported and fails the scan.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PolicyEngine } from "../engine/engine";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./protocol";
import { ScanShard } from "./shard";

function post(reply: WorkerReply): void {
  parentPort!.postMessage(reply);
}

const init = workerData as WorkerInit;
const engine = new PolicyEngine({ ...init.bundle, wasm: Buffer.from(init.bundle.wasm) });
const shard = new ScanShard(engine, init.settings);

async function handle(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case "read": {
      const output = await shard.read(request.chunk, request.files);
      post({ type: "progress", files: request.files.length });
      post({ type: "read", chunk: request.chunk, output });
      return;
    }
    case "link":
      shard.link(request.entries);
      return;
    case "evaluate":
      post({ type: "evaluate", chunk: request.chunk, output: shard.evaluate(request.chunk, request.files) });
      return;
  }
}

// Requests are handled one after another: reads are async (stdin aside, they never wait), and a
// link must not overtake the reads queued before it.
let queue: Promise<void> = Promise.resolve();
parentPort!.on("message", (request: WorkerRequest) => {
  queue = queue.then(() =>
    handle(request).catch((error: unknown) => {
      post({ type: "error", message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
    }),
  );
});
