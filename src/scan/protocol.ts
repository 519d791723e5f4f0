import type { LoadedBundle } from "../bundle/read";
import type { DiscoveredFile } from "../parse/discover";
import type { IndexEntry } from "./index-entries";
import type { EvaluateOutput, ReadOutput, ShardSettings } from "./shard";

/** What a scan worker is started with. */
export interface WorkerInit {
  bundle: LoadedBundle;
  settings: ShardSettings;
}

/** Main thread → worker. */
export type WorkerRequest =
  | { type: "read"; chunk: number; files: DiscoveredFile[] }
  | { type: "link"; entries: IndexEntry[] }
  | { type: "evaluate"; chunk: number; files: DiscoveredFile[] };

/** Worker → main thread. */
export type WorkerReply =
  | { type: "progress"; files: number }
  | { type: "read"; chunk: number; output: ReadOutput }
  | { type: "evaluate"; chunk: number; output: EvaluateOutput }
  | { type: "error"; message: string; stack?: string };
