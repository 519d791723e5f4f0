/**
 * Weights fetched by an init container (`huggingface-cli download org/repo --local-dir /models/x`,
 * `modelscope download`) and then served from a local path: the path looks like organisation
 * storage, but the bytes come from a public hub at every pod start.
 */

import type { ModelServer } from "../../model/canonical";
import type { AdapterSettings } from "../core/types";
import { basename, flagValue, type Word } from "./command";
import type { ContainerAnalysis } from "./containers";
import { toSource } from "./location";
import { classifyWeights, type WeightHints } from "./weights";
import { stripTrailing } from "../../normalize/trim";

interface Download {
  repo: string;
  word: Word;
  localDir: string;
  revision: string | null;
  hub: WeightHints["hub"];
}

const LOCAL_DIR_FLAGS: ReadonlySet<string> = new Set(["--local-dir"]);
const REVISION_FLAGS: ReadonlySet<string> = new Set(["--revision"]);
const MODEL_FLAGS: ReadonlySet<string> = new Set(["--model"]);
const DOWNLOADERS: ReadonlyMap<string, WeightHints["hub"]> = new Map([
  ["huggingface-cli", "huggingface"],
  ["hf", "huggingface"],
  ["modelscope", "modelscope"],
]);

function downloadsIn(container: ContainerAnalysis): Download[] {
  const found: Download[] = [];
  for (const segment of container.facts.commands.main.segments) {
    for (let i = 0; i + 1 < segment.length; i++) {
      const hub = DOWNLOADERS.get(basename(segment[i].text));
      if (hub === undefined || segment[i + 1].text !== "download") continue;
      const rest = segment.slice(i + 2);
      const localDir = flagValue(rest, LOCAL_DIR_FLAGS)?.value;
      if (localDir === undefined) continue;
      const byFlag = flagValue(rest, MODEL_FLAGS);
      const word = byFlag?.word ?? (rest[0]?.flag === null ? rest[0] : undefined);
      if (!word) continue;
      const repo = byFlag?.value ?? word.text;
      found.push({ repo, word, localDir: stripTrailing(localDir, "/"), revision: flagValue(rest, REVISION_FLAGS)?.value ?? null, hub });
    }
  }
  return found;
}

/** Re-attributes servers whose local model path an init container filled from a hub. */
export function linkInitDownloads(containers: readonly ContainerAnalysis[], settings: AdapterSettings): void {
  const downloads = containers.filter((c) => c.init).flatMap(downloadsIn);
  if (downloads.length === 0) return;
  for (const container of containers) {
    const server: ModelServer | null = container.server;
    const ref = server?.weights.ref;
    if (server?.weights.origin !== "organization" || typeof ref !== "string") continue;
    const download = downloads.find((d) => ref === d.localDir || ref.startsWith(`${d.localDir}/`));
    if (!download) continue;
    const at = toSource(download.word.variable && download.word.variable.value !== null ? download.word.variable.at : download.word.at);
    const weights = classifyWeights(download.repo, { revision: download.revision, offline: false, hub: download.hub }, at, settings);
    container.server = { ...server, weights };
  }
}
