/**
 * Ollama chart values (github.com/otwld/ollama-helm, values.yaml), read directly. The chart's
 * container runs `ollama serve` and pulls at start-up every model the values name:
 *   - `ollama.models.pull[]` and `ollama.models.run[]` (chart 1.x), or `ollama.models[]` as a
 *     plain list (chart 0.x), are tags fetched from the Ollama registry (or `hf.co/...`);
 *   - `ollama.models.create[]` builds a model from a Modelfile whose `FROM` names the base it pulls;
 *   - `*-cloud` / `:cloud` tags are not weights on the server: Ollama sends their prompts to
 *     ollama.com (reported as `hostedModels`, as for an Ollama container).
 * A server whose values pull nothing serves whatever is pulled into it later: its weights are
 * unknown, which the self-hosting rules report. The values may sit at the top level or one key
 * down (Open WebUI's chart carries this chart as its `ollama:` subchart).
 */

import type { ModelServer, Problem } from "../../model/canonical";
import { encodePointer, type ParsedDocument } from "../../parse/document";
import { valuesFileDocument } from "./values-workload";
import { isOllamaCloudTag, NO_HINTS, ollamaWeights, unknownWeights } from "../kubernetes/weights";
import { isKubeObject, isRecord } from "../core/objects";
import { claimWhen, sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";

export const OLLAMA_CHART_KIND = "OllamaChart";

export interface ChartRoot {
  /** Pointer of the map holding the chart's `ollama:` key. */
  pointer: string;
  ollama: Record<string, unknown>;
}

/** The chart's own `ollama:` block: it names models or GPUs, which no other values file does under that key. */
export function isChartBlock(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && (Object.hasOwn(value, "models") || isRecord(value.gpu));
}

function chartRoot(value: unknown): ChartRoot | null {
  if (!isRecord(value) || isKubeObject(value)) return null;
  if (isChartBlock(value.ollama)) return { pointer: "", ollama: value.ollama };
  for (const [key, child] of Object.entries(value)) {
    if (isRecord(child) && !isKubeObject(child) && isChartBlock(child.ollama)) return { pointer: encodePointer([key]), ollama: child.ollama };
  }
  return null;
}

interface Pulled {
  /** The tag pulled; null for a Modelfile the values do not hold, whose base is unknown. */
  tag: string | null;
  /** The model the chart creates from an unknown base. */
  name?: string;
  pointer: string;
}

const FROM_LINE = /^\s*FROM\s+(\S+)/im;

/** Every model tag the values make the container pull, with where it is written; problems for entries that are not tags. */
function pulledModels(root: ChartRoot, problems: Problem[], doc: Claimed<ChartRoot>["doc"]): Pulled[] {
  const base = `${root.pointer}/ollama/models`;
  const models = root.ollama.models;
  const found: Pulled[] = [];
  const readList = (list: unknown, pointer: string, label: string): void => {
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) {
      problems.push({ message: `${label} must be a list of model tags`, source: sourceAt(doc, pointer) });
      return;
    }
    list.forEach((entry, i) => {
      // the 0.x chart and some forks write `- name: llama3`
      const tag = typeof entry === "string" ? entry : isRecord(entry) && typeof entry.name === "string" ? entry.name : null;
      const at = typeof entry === "string" ? `${pointer}/${i}` : `${pointer}/${i}/name`;
      if (tag === null || tag.trim() === "")
        problems.push({ message: `${label}[${i}] is not a model tag: the model it pulls is unknown`, source: sourceAt(doc, `${pointer}/${i}`) });
      else found.push({ tag: tag.trim(), pointer: at });
    });
  };
  if (Array.isArray(models)) readList(models, base, "ollama.models");
  else if (isRecord(models)) {
    readList(models.pull, `${base}/pull`, "ollama.models.pull");
    readList(models.run, `${base}/run`, "ollama.models.run");
    if (Array.isArray(models.create)) {
      models.create.forEach((entry, i) => {
        const pointer = `${base}/create/${i}`;
        const template = isRecord(entry) ? entry.template : undefined;
        const from = typeof template === "string" ? FROM_LINE.exec(template)?.[1] : undefined;
        // a FROM of a local GGUF file pulls nothing; a Modelfile kept in a ConfigMap is not in the values
        if (from !== undefined && !from.startsWith("/") && !from.startsWith(".")) found.push({ tag: from, pointer: `${pointer}/template` });
        else if (from === undefined) {
          const name = isRecord(entry) && typeof entry.name === "string" ? entry.name : `create[${i}]`;
          // as for a ConfigMap not in the scan: the base it pulls stays unknown, which the self-hosting rules report
          found.push({ tag: null, name, pointer });
        }
      });
    }
  } else if (models !== undefined && models !== null) {
    problems.push({ message: "ollama.models must be a list of tags or a map with pull/run/create lists", source: sourceAt(doc, base) });
  }
  return found;
}

/** The servers of the chart's `ollama:` block: one per model it pulls, hosted tags on the first. */
export function chartServers(doc: ParsedDocument, root: ChartRoot, problems: Problem[]): ModelServer[] {
  const pulled = pulledModels(root, problems, doc);
  const servers: ModelServer[] = [];
  const hostedModels: string[] = [];
  const seen = new Set<string>();
  for (const model of pulled) {
    if (model.tag === null) {
      const at = sourceAt(doc, model.pointer);
      servers.push({
        id: `ollama/create/${model.name}`,
        kind: "ollama",
        source: at,
        model: model.name ?? null,
        weights: unknownWeights(null, NO_HINTS, at),
        hostedModels: [],
      });
      continue;
    }
    // `run` repeats what `pull` lists: one server fact per model the container holds
    if (seen.has(model.tag)) continue;
    seen.add(model.tag);
    if (isOllamaCloudTag(model.tag)) {
      hostedModels.push(model.tag);
      continue;
    }
    const at = sourceAt(doc, model.pointer);
    servers.push({
      id: `ollama/${model.tag}`,
      kind: "ollama",
      source: at,
      model: model.tag,
      weights: ollamaWeights(model.tag, NO_HINTS, at),
      hostedModels: [],
    });
  }
  const blockAt = sourceAt(doc, `${root.pointer}/ollama`);
  if (servers.length === 0) {
    servers.push({
      id: "ollama",
      kind: "ollama",
      source: blockAt,
      model: hostedModels[0] ?? null,
      weights: unknownWeights(null, NO_HINTS, blockAt),
      hostedModels,
    });
  } else servers[0].hostedModels = hostedModels;
  return servers;
}

function adaptChart({ doc, value: root }: Claimed<ChartRoot>, ctx: AdapterContext): AdapterOutput {
  const problems: Problem[] = [];
  const servers = chartServers(doc, root, problems);
  return {
    documents: [valuesFileDocument(OLLAMA_CHART_KIND, doc, root.pointer, ctx, { servers, problems })],
    problems: [],
  };
}

export const ollamaChartValuesAdapter: Adapter<ChartRoot> = {
  name: "ollama-chart-values",
  claim: (doc) => claimWhen(doc, chartRoot(doc.value)),
  adapt: adaptChart,
};
