/**
 * Open WebUI chart values (github.com/open-webui/helm-charts, charts/open-webui), read directly.
 * Open WebUI sends each chat to the connections the values give it:
 *   - `openaiBaseApiUrls[]`, else `openaiBaseApiUrl` (OpenAI-compatible APIs), unless
 *     `enableOpenaiApi: false`;
 *   - `ollamaUrls[]` (Ollama servers);
 *   - `OPENAI_API_BASE_URL(S)` / `OLLAMA_BASE_URL(S)` written as literal `extraEnvVars` or
 *     `commonEnvVars` entries (a `;` separates the URLs of a plural variable).
 * The models are picked in the UI: a route's model is unknown. The bundled Ollama subchart
 * (`ollama.enabled` with its own `ollama:` block) is a self-hosted server of the same workload,
 * read as Ollama chart values are. Only what the values write is read: the chart's defaults are
 * not assumed, and connections added in the UI at run time cannot be seen.
 */

import type { ModelServer, Problem, Route } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { valuesFileDocument } from "./values-workload";
import { isKubeObject, isRecord } from "../core/objects";
import { endpointFields, newRoute } from "../core/route";
import { claimWhen, sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import { chartServers, isChartBlock } from "./ollama-chart";

export const OPEN_WEBUI_CHART_KIND = "OpenWebUIChart";

const CONNECTION_KEYS = ["openaiBaseApiUrl", "openaiBaseApiUrls", "ollamaUrls"] as const;
const ENV_LISTS = ["extraEnvVars", "commonEnvVars"] as const;
const ENV_CONNECTIONS: ReadonlyMap<string, "compatible" | "ollama"> = new Map([
  ["OPENAI_API_BASE_URL", "compatible"],
  ["OPENAI_API_BASE_URLS", "compatible"],
  ["OLLAMA_BASE_URL", "ollama"],
  ["OLLAMA_BASE_URLS", "ollama"],
]);

function isOpenWebUIValues(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value) || isKubeObject(value)) return false;
  return CONNECTION_KEYS.some((key) => typeof value[key] === "string" || Array.isArray(value[key]));
}

interface Connection {
  url: string;
  pointer: string;
  /** The API the connection speaks: OpenAI-compatible (its endpoint decides who runs it) or Ollama's own. */
  api: "compatible" | "ollama";
  id: string;
}

function connections(values: Record<string, unknown>, doc: ParsedDocument, problems: Problem[], ctx: AdapterContext): Connection[] {
  const found: Connection[] = [];
  const openaiEnabled = values.enableOpenaiApi !== false && values.enableOpenaiApi !== "false";
  // a connection turned off is read and decided about: it sends nothing, and the sweep is told so
  if (!openaiEnabled) for (const key of ["openaiBaseApiUrl", "openaiBaseApiUrls"]) if (Object.hasOwn(values, key)) ctx.judged?.(sourceAt(doc, `/${key}`));
  const list = (key: string, api: Connection["api"]): void => {
    const entries: unknown = values[key];
    if (!Array.isArray(entries)) return;
    entries.forEach((url, i) => {
      if (typeof url === "string" && url.trim() !== "") found.push({ url: url.trim(), pointer: `/${key}/${i}`, api, id: `${key}/${i}` });
      else problems.push({ message: `${key}[${i}] is not a URL: where Open WebUI sends prompts is unknown`, source: sourceAt(doc, `/${key}/${i}`) });
    });
  };
  if (openaiEnabled) {
    if (Array.isArray(values.openaiBaseApiUrls) && values.openaiBaseApiUrls.length > 0) list("openaiBaseApiUrls", "compatible");
    else if (typeof values.openaiBaseApiUrl === "string" && values.openaiBaseApiUrl.trim() !== "") {
      found.push({ url: values.openaiBaseApiUrl.trim(), pointer: "/openaiBaseApiUrl", api: "compatible", id: "openaiBaseApiUrl" });
    }
  }
  list("ollamaUrls", "ollama");
  for (const key of ENV_LISTS) {
    const env: unknown = values[key];
    if (!Array.isArray(env)) continue;
    env.forEach((entry, i) => {
      if (!isRecord(entry) || typeof entry.name !== "string" || typeof entry.value !== "string") return;
      const api = ENV_CONNECTIONS.get(entry.name);
      if (api === undefined) return;
      if (api === "compatible" && !openaiEnabled) {
        ctx.judged?.(sourceAt(doc, `/${key}/${i}/value`));
        return;
      }
      entry.value
        .split(";")
        .map((url) => url.trim())
        .filter((url) => url !== "")
        .forEach((url, j) => found.push({ url, pointer: `/${key}/${i}/value`, api, id: `${key}/${entry.name as string}/${j}` }));
    });
  }
  return found;
}

function adaptValues({ doc, value }: Claimed<Record<string, unknown>>, ctx: AdapterContext): AdapterOutput {
  const problems: Problem[] = [];
  const routes: Route[] = connections(value, doc, problems, ctx).map((connection) =>
    newRoute({
      id: connection.id,
      via: `Open WebUI ${connection.api === "compatible" ? "OpenAI API" : "Ollama"} connection ${connection.id}`,
      source: sourceAt(doc, connection.pointer),
      endpoint: endpointFields(connection.url, ctx.settings),
    }),
  );
  const servers: ModelServer[] = [];
  const subchart = value.ollama;
  if (isRecord(subchart) && subchart.enabled !== false && subchart.enabled !== "false") {
    // an Ollama enabled with no models in the values serves what is pulled into it later: unknown weights
    if (isChartBlock(subchart.ollama)) servers.push(...chartServers(doc, { pointer: "/ollama", ollama: subchart.ollama }, problems));
    else if (subchart.enabled === true || subchart.enabled === "true") servers.push(...chartServers(doc, { pointer: "/ollama", ollama: {} }, problems));
  }
  return {
    documents: [valuesFileDocument(OPEN_WEBUI_CHART_KIND, doc, "", ctx, { routes, servers, problems })],
    problems: [],
  };
}

export const openWebUIChartValuesAdapter: Adapter<Record<string, unknown>> = {
  name: "open-webui-chart-values",
  claim: (doc) => claimWhen(doc, isOpenWebUIValues(doc.value) ? doc.value : null),
  adapt: adaptValues,
};
