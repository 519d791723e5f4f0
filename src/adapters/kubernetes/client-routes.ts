/**
 * Routes of a container that calls an LLM: base-URL variables, provider key variables, model
 * variables grouped by provider prefix; URLs of known operators under any name; JSON/YAML
 * configuration held in variables; and base-URL flags on the command line.
 */

import { isDenyListName } from "../../normalize/deny-list";
import type { Endpoint, Route } from "../../model/canonical";
import { newRoute, type EndpointFields } from "../core/route";
import type { AdapterSettings } from "../core/types";
import { allFlagValues, flagValue, type Word } from "./command";
import { describeVar, type ContainerEnv, type EnvVar } from "./env";
import { seg, toSource } from "./location";
import type { ContainerFacts } from "./model-servers";
import { modelInfo, unresolvedModel, type ModelInfo } from "./models";
import { GENERIC_MODEL_VARS, nameClassifier, type NameClassifier } from "./names";
import { isLikelyUrl } from "../../normalize/endpoint";
import { attachNameHints } from "../../normalize/hints";
import { endpointOf, isLlmEndpoint, llmHostsIn, structuredValue, type ValueHit } from "./values";

const BASE_URL_FLAGS: ReadonlySet<string> = new Set(["--base-url", "--api-base", "--openai-api-base", "--openai-base-url", "--endpoint", "--llm-url"]);
const MODEL_FLAGS: ReadonlySet<string> = new Set(["--model"]);

/** Keys of a JSON/YAML value that hold an endpoint, normalised (lowercase, no `_`/`-`), strongest first. */
const URL_KEYS: readonly string[] = ["baseurl", "apibase", "apiurl", "apiendpoint", "apihost", "endpoint", "url", "host"];
const STRONG_URL_KEYS: ReadonlySet<string> = new Set(["baseurl", "apibase", "apiurl", "apiendpoint", "apihost"]);
const MODEL_KEYS: readonly string[] = ["model", "modelname", "modelid"];
const KEY_SEPARATORS = /[_-]/g;
const MAX_STRUCTURE_DEPTH = 24;
/** Distinct endpoints of one value read as routes of their own (see structuredRoutes). */
const MAX_LISTED_ROUTES = 64;

/** Listen addresses: a variable that holds one configures a server, it does not name an endpoint. */
const BIND_HOSTS: ReadonlySet<string> = new Set(["0.0.0.0", "[::]"]);
/** Variables that list hosts for another purpose; a known host in them is not a route. */
const NOT_ENDPOINT_VARS: ReadonlySet<string> = new Set(["NO_PROXY", "no_proxy"]);
/** A URL of another protocol (s3://, postgres://, redis://): under a generic name it is not an LLM endpoint. */
const OTHER_SCHEME = /^\s*(?!(?:https?|wss?):)[a-z][a-z0-9+.-]*:\/\//i;

const SHOWN_PIECE = 100;

function shownPiece(piece: string): string {
  return piece.length > SHOWN_PIECE ? `${piece.slice(0, SHOWN_PIECE)}...` : piece;
}

interface Group {
  key: string;
  prefix: string;
  base: EnvVar | null;
  /** The endpoint already computed for a value-based hit. */
  baseFields: EndpointFields | null;
  keyVar: EnvVar | null;
  /** The provider key variable keyVar provides: its own name, or X for an X_FILE holding the key's path. */
  keyName: string | null;
}

/** Normalises a variable's value, explaining `$(VAR)` references that hide the host. */
function varEndpoint(variable: EnvVar, settings: AdapterSettings): EndpointFields {
  if (variable.value === null) {
    return { endpoint: null, unresolvedEndpoint: { raw: variable.raw, reason: variable.unresolved ?? "unknown before deploy" } };
  }
  return explainPending(endpointOf(variable.value, settings), variable.pending);
}

function explainPending(fields: EndpointFields, pending: ReadonlyMap<string, string> | null): EndpointFields {
  const unresolved = fields.unresolvedEndpoint;
  if (unresolved === null || pending === null) return fields;
  const reasons: string[] = [];
  for (const [name, why] of pending) if (unresolved.raw.includes(`$(${name})`)) reasons.push(`$(${name}): ${why}`);
  if (reasons.length === 0) return fields;
  return { endpoint: null, unresolvedEndpoint: { raw: unresolved.raw, reason: `${unresolved.reason}; ${reasons.join("; ")}` } };
}

/**
 * `OPENAI_BASE_URL_FILE=/run/secrets/url`: the endpoint is the text of a file. From a ConfigMap or
 * Secret volume of the scan it is read like the variable itself; otherwise (a Secret not in the
 * scan, another kind of volume, a file baked into the image) it is unresolved, with the path and
 * the volume it is in.
 */
function fileEndpoint(variable: EnvVar, base: string, c: ContainerFacts, settings: AdapterSettings): EndpointFields {
  if (variable.value === null) {
    return {
      endpoint: null,
      unresolvedEndpoint: {
        raw: variable.raw,
        reason: `${base} is read from a file named by ${variable.name}, itself unknown: ${variable.unresolved ?? "unknown before deploy"}`,
      },
    };
  }
  const path = variable.value.trim();
  const file = c.readFile?.(path) ?? null;
  if (file !== null && file.value !== null) return endpointOf(file.value.trim(), settings);
  const where = file !== null ? ` (${file.reason})` : "";
  return {
    endpoint: null,
    unresolvedEndpoint: { raw: variable.value, reason: `${base} is read at run time from the file ${path}${where}` },
  };
}

function isBind(endpoint: Endpoint | null): boolean {
  return endpoint !== null && BIND_HOSTS.has(endpoint.host);
}

/** `::` and `[::]:11434` as written: the unspecified IPv6 address, which a URL parser cannot read bare. */
const UNSPECIFIED_IPV6 = /^(?:[a-z]+:\/\/)?(?:::|\[::\])(?::\d{1,5})?\/?$/i;

/**
 * A value that is a listen address (OLLAMA_HOST=0.0.0.0, `[::]:11434`, `::`): it says where a
 * server binds, or (for a client) the local host; it names no endpoint, even under a variable the
 * catalogue lists as a provider's base URL.
 */
function isListenAddress(variable: EnvVar, settings: AdapterSettings): boolean {
  if (variable.value === null) return false;
  return UNSPECIFIED_IPV6.test(variable.value.trim()) || isBind(varEndpoint(variable, settings).endpoint);
}

function modelOfVar(variable: EnvVar, settings: AdapterSettings): ModelInfo {
  return variable.value === null ? unresolvedModel(variable.raw) : modelInfo(variable.value, settings.catalog);
}

class RouteCollector {
  readonly routes: Route[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly container: string) {}

  /** The next suffix to try per base id: counting up from 2 for every repeat would be quadratic in the repeats. */
  private readonly nextSuffix = new Map<string, number>();

  id(tail: string): string {
    const base = `container/${this.container}/${tail}`;
    let id = base;
    let n = this.nextSuffix.get(base) ?? 2;
    for (; this.ids.has(id); n++) id = `${base}~${n}`;
    this.nextSuffix.set(base, n);
    this.ids.add(id);
    return id;
  }
}

/** Routes read from a JSON/YAML document held in a variable (`LLM_CONFIG='{"base_url": ...}'`). */
function structuredRoutes(
  variable: EnvVar,
  value: unknown,
  llmNamed: boolean,
  settings: AdapterSettings,
  out: RouteCollector,
  container: string,
  fallbackModel: ModelInfo | null,
): void {
  // A URL listed in an array (`["https://a/v1", "https://b/v1"]`, or a comma-separated value).
  // One route per distinct endpoint; past MAX_LISTED_ROUTES of them only known operators' hosts
  // (a set bounded by the catalogue) get routes of their own, the rest are counted into one
  // unresolved route: a value listing 60,000 URLs must not become 60,000 routes.
  const listed = new Set<string>();
  let skipped = 0;
  let firstSkipped = "";
  const listedEndpoint = (raw: string, pointer: string): void => {
    if (OTHER_SCHEME.test(raw) || !isLikelyUrl(raw)) return;
    const fields = endpointOf(raw, settings);
    if (fields.endpoint === null || isBind(fields.endpoint)) return;
    if (!llmNamed && !isLlmEndpoint(fields.endpoint, settings)) return;
    const known = isKnownHost(fields.endpoint, settings);
    const key = known ? fields.endpoint.host : fields.endpoint.url;
    if (listed.has(key)) return;
    if (!known && listed.size >= MAX_LISTED_ROUTES) {
      if (skipped++ === 0) firstSkipped = pointer;
      return;
    }
    listed.add(key);
    out.routes.push(
      newRoute({
        id: out.id(`${variable.name}${pointer}`),
        via: `${describeVar(variable, container)} at ${pointer}`,
        source: toSource(variable.at),
        endpoint: explainPending(fields, variable.pending),
        provider: { sdkPrefix: fallbackModel?.sdkPrefix ?? null, type: fallbackModel?.type ?? null },
        ...(fallbackModel ? { model: fallbackModel.model } : {}),
      }),
    );
  };
  const visit = (node: unknown, pointer: string, depth: number): void => {
    if (depth > MAX_STRUCTURE_DEPTH || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((child, index) => {
        if (typeof child === "string") listedEndpoint(child, `${pointer}/${index}`);
        else visit(child, `${pointer}/${index}`, depth + 1);
      });
      return;
    }
    const keys = new Map<string, string>();
    for (const key of Object.keys(node)) keys.set(key.toLowerCase().replace(KEY_SEPARATORS, ""), key);
    const record = node as Record<string, unknown>;
    let urlKey: string | null = null;
    let strong = false;
    for (const candidate of URL_KEYS) {
      const original = keys.get(candidate);
      if (original !== undefined && typeof record[original] === "string") {
        urlKey = original;
        strong = STRONG_URL_KEYS.has(candidate);
        break;
      }
    }
    let modelValue: string | null = null;
    for (const candidate of MODEL_KEYS) {
      const original = keys.get(candidate);
      if (original !== undefined && typeof record[original] === "string") {
        modelValue = record[original];
        break;
      }
    }
    if (urlKey !== null && !OTHER_SCHEME.test(record[urlKey] as string)) {
      const raw = record[urlKey] as string;
      const fields = endpointOf(raw, settings);
      const llm = fields.endpoint !== null && isLlmEndpoint(fields.endpoint, settings);
      if ((llmNamed || llm || (strong && modelValue !== null)) && !isBind(fields.endpoint)) {
        const model = modelValue !== null ? modelInfo(modelValue, settings.catalog) : fallbackModel;
        out.routes.push(
          newRoute({
            id: out.id(`${variable.name}${pointer}`),
            via: `${describeVar(variable, container)} at ${pointer}/${seg(urlKey)}`,
            source: toSource(variable.at),
            endpoint: explainPending(fields, variable.pending),
            provider: { sdkPrefix: model?.sdkPrefix ?? null, type: model?.type ?? null },
            ...(model ? { model: model.model } : {}),
          }),
        );
      }
    }
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (typeof child === "object" && child !== null) visit(child, `${pointer}/${seg(key)}`, depth + 1);
    }
  };
  visit(value, "", 0);
  if (skipped > 0) {
    out.routes.push(
      newRoute({
        id: out.id(`${variable.name}${firstSkipped}`),
        via: `${describeVar(variable, container)} from ${firstSkipped}`,
        source: toSource(variable.at),
        endpoint: {
          endpoint: null,
          unresolvedEndpoint: {
            raw: shownPiece(raw(variable)),
            reason: `${skipped} more endpoints in this value than the ${MAX_LISTED_ROUTES} read one by one`,
          },
        },
        provider: { sdkPrefix: fallbackModel?.sdkPrefix ?? null, type: fallbackModel?.type ?? null },
      }),
    );
  }
}

function raw(variable: EnvVar): string {
  return variable.value ?? variable.raw;
}

/** A known operator's host or domain itself (not a lookalike: lookalikes are unbounded). */
function isKnownHost(endpoint: Endpoint, settings: AdapterSettings): boolean {
  const known = settings.catalog.hosts;
  if (known.has(endpoint.host) || settings.catalog.matchesHostPattern(endpoint.host)) return true;
  return endpoint.registrableDomain !== null && known.has(endpoint.registrableDomain);
}

function opaqueReason(env: ContainerEnv, baseVar: string, scripted: readonly string[]): { raw: string; reason: string } | null {
  if (env.opaque.length > 0) {
    const names = env.opaque.map((source) => source.description);
    const why = env.opaque.filter((source) => source.why !== undefined).map((source) => source.why);
    if (why.length > 0) {
      return { raw: `envFrom ${names.join(", ")}`, reason: `${baseVar} may be set through envFrom by ${names.join(", ")}: ${why.join("; ")}` };
    }
    return {
      raw: `envFrom ${names.join(", ")}`,
      reason: `${baseVar} may be set through envFrom by ${names.join(", ")}, which ${names.length === 1 ? "is" : "are"} not in the scanned files`,
    };
  }
  if (scripted.length === 0) return null;
  return { raw: scripted.join("; "), reason: `${baseVar} may be set at run time by the start script: ${scripted.join("; ")}` };
}

const SOURCE_COMMANDS: ReadonlySet<string> = new Set([".", "source"]);
const EXPORTING_COMMANDS: ReadonlySet<string> = new Set(["export", "eval", "declare", "typeset"]);

/**
 * What a container's start script does that may set any variable: sourcing a file (`. /etc/llm/env`,
 * `source`), or exporting or evaluating a command's output (`export $(cat .env | xargs)`,
 * `eval "$(...)"`). Like an `envFrom` source not in the scan, it may set the base URL.
 */
function scriptedEnvironment(c: ContainerFacts): string[] {
  const found: string[] = [];
  for (const segment of c.commands.main.segments) {
    const first = segment[0]?.text ?? "";
    const rest = segment.slice(1);
    if (SOURCE_COMMANDS.has(first) && rest.length > 0) found.push(`${first} ${shownPiece(rest[0]?.text ?? "")}`);
    else if (EXPORTING_COMMANDS.has(first)) {
      const output = rest.find((word) => word.text.startsWith("$(") || word.text.startsWith("`"));
      if (output !== undefined) found.push(`${first} ${shownPiece(output.text)}`);
    }
    if (found.length >= 4) break;
  }
  return found;
}

/**
 * The routes of one container. On a model-server container, generic variables that point at
 * the server's own listen address (OLLAMA_HOST=0.0.0.0) are configuration, not routes, and
 * `--model` names what the server loads, not what it calls.
 */
export function clientRoutes(c: ContainerFacts, isServer: boolean, settings: AdapterSettings, isProxy = false): Route[] {
  const classifier: NameClassifier = nameClassifier(settings);
  const out = new RouteCollector(c.name);
  const groups = new Map<string, Group>();
  const prefixModels = new Map<string, EnvVar>();
  const genericModels = new Map<string, EnvVar>();
  const structured: Array<{ variable: EnvVar; value: unknown; llmNamed: boolean }> = [];
  const pieces: Array<{ variable: EnvVar; hit: ValueHit }> = [];
  // Providers whose base variable holds a list or structure (Open WebUI OPENAI_API_BASE_URLS):
  // their key authenticates those routes, it opens no route of its own to the default host.
  const listedBases = new Set<string>();

  const addBase = (prefix: string, variable: EnvVar, fields: EndpointFields | null): void => {
    let group = groups.get(prefix);
    if (group && group.base !== null) {
      // a second base variable of the same provider (OPENAI_BASE_URL and OPENAI_API_BASE): its own route
      group = undefined;
      prefix = variable.name;
    }
    if (!group) {
      group = { key: prefix, prefix, base: null, baseFields: null, keyVar: null, keyName: null };
      groups.set(prefix, group);
    }
    group.base = variable;
    group.baseFields = fields;
  };

  for (const variable of c.env.vars.values()) {
    const role = classifier.classify(variable.name);
    switch (role.kind) {
      case "key": {
        let group = groups.get(role.prefix);
        if (!group) {
          group = { key: role.prefix, prefix: role.prefix, base: null, baseFields: null, keyVar: null, keyName: null };
          groups.set(role.prefix, group);
        }
        if (group.keyVar === null) {
          group.keyVar = variable;
          group.keyName = role.file ?? variable.name;
        }
        break;
      }
      case "base": {
        const value = variable.value === null ? null : structuredValue(variable.value, settings);
        if (value !== null) {
          structured.push({ variable, value, llmNamed: true });
          listedBases.add(role.prefix);
          break;
        }
        if (isListenAddress(variable, settings)) break;
        if (!role.configured) {
          if (variable.value !== null && OTHER_SCHEME.test(variable.value)) break;
          const fields = varEndpoint(variable, settings);
          if (isServer && fields.endpoint?.hostKind !== "dns") break;
          addBase(role.prefix, variable, fields);
        } else {
          // a catalogue base variable on a model server can still be its own listen address (OLLAMA_HOST)
          if (isServer && isBind(varEndpoint(variable, settings).endpoint)) break;
          addBase(role.prefix, variable, null);
        }
        break;
      }
      case "base-file":
        addBase(role.prefix, variable, fileEndpoint(variable, role.base, c, settings));
        break;
      case "model":
        if (role.generic) genericModels.set(variable.name, variable);
        if (role.prefix !== "" && !prefixModels.has(role.prefix)) prefixModels.set(role.prefix, variable);
        break;
      case "other": {
        if (variable.value === null || NOT_ENDPOINT_VARS.has(variable.name) || isDenyListName(variable.name)) break;
        const value = structuredValue(variable.value, settings);
        if (value !== null) {
          structured.push({ variable, value, llmNamed: classifier.hasLlmWord(variable.name) });
          break;
        }
        for (const hit of llmHostsIn(variable.value, settings)) {
          if (hit.part === null) addBase(role.prefix, variable, explainPending(hit.fields, variable.pending));
          else pieces.push({ variable, hit });
        }
        break;
      }
    }
  }

  // The model a route uses when its provider has no model variable of its own.
  let fallbackModel: ModelInfo | null = null;
  if (!isServer) {
    const argModel = flagValue(c.commands.main.words, MODEL_FLAGS);
    if (argModel !== null) fallbackModel = modelInfo(argModel.value, settings.catalog);
    else {
      for (const name of GENERIC_MODEL_VARS) {
        const variable = genericModels.get(name);
        if (variable) {
          fallbackModel = modelOfVar(variable, settings);
          break;
        }
      }
    }
  }

  // A fallback model with a provider prefix (moonshot/kimi-k2.6) belongs to that provider's route when there is one.
  const fallbackOwner =
    fallbackModel?.sdkPrefix != null ? [...groups.values()].find((group) => group.prefix.toLowerCase() === fallbackModel.sdkPrefix) : undefined;

  const scripted = isServer ? [] : scriptedEnvironment(c);
  for (const group of groups.values()) {
    const base = group.base;
    const keyVar = group.keyVar;
    if (base === null && keyVar === null) continue;
    if (base === null && (listedBases.has(group.prefix) || isProxy)) continue;
    const modelVar = prefixModels.get(group.prefix);
    const model = modelVar ? modelOfVar(modelVar, settings) : fallbackOwner === undefined || fallbackOwner === group ? fallbackModel : null;
    let endpoint: EndpointFields;
    if (base !== null) endpoint = group.baseFields ?? varEndpoint(base, settings);
    else {
      const opaque = opaqueReason(c.env, classifier.baseVarFor(group.prefix), scripted);
      endpoint = { endpoint: null, unresolvedEndpoint: opaque };
    }
    const evidence = base ?? keyVar!;
    out.routes.push(
      newRoute({
        id: out.id(group.key),
        via: describeVar(evidence, c.name),
        source: toSource(evidence.at),
        endpoint,
        provider: { keyVar: keyVar !== null ? group.keyName : null, sdkPrefix: model?.sdkPrefix ?? null, type: model?.type ?? null },
        ...(model ? { model: model.model } : {}),
      }),
    );
  }

  for (const { variable, value, llmNamed } of structured) {
    structuredRoutes(variable, value, llmNamed, settings, out, c.name, fallbackModel);
  }

  // A host in one piece of a value (`x=1&url=https://...`, one entry of a `|` list): its own route.
  for (const { variable, hit } of pieces) {
    out.routes.push(
      newRoute({
        id: out.id(`${variable.name}/part${hit.part}`),
        via: `${describeVar(variable, c.name)} in "${shownPiece(hit.piece)}"`,
        source: toSource(variable.at),
        endpoint: explainPending(hit.fields, variable.pending),
        provider: { sdkPrefix: fallbackModel?.sdkPrefix ?? null, type: fallbackModel?.type ?? null },
        ...(fallbackModel ? { model: fallbackModel.model } : {}),
      }),
    );
  }

  const usedVars = new Set<EnvVar>();
  for (const group of groups.values()) if (group.base !== null) usedVars.add(group.base);
  argRoutes(c, settings, out, fallbackModel, usedVars);
  // A hidden endpoint: the container's other variable names may still say whose it is (DEEPSEEK_API_KEY).
  attachNameHints(
    out.routes,
    [...c.env.vars.values()].map((variable) => variable.name),
    settings.catalog.envWords,
  );
  return out.routes;
}

const SHELL_ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/s;
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SHELL_PREFIX_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Whether a shell variable name is one an LLM client reads its endpoint from. */
function isBaseName(name: string, settings: AdapterSettings): boolean {
  const kind = nameClassifier(settings).classify(name).kind;
  return kind === "base" || kind === "base-file";
}

/**
 * `read -r OPENAI_BASE_URL < /etc/llm/url` in a shell script: the shell sets a base-URL variable
 * from input only there at run time. The words of each such command that name one.
 */
function readBuiltinTargets(c: ContainerFacts, settings: AdapterSettings): Array<{ word: Word; file: string | null }> {
  const targets: Array<{ word: Word; file: string | null }> = [];
  for (const segment of c.commands.main.segments) {
    let at = 0;
    // `IFS= read ...`: assignments before a command apply to it
    while (at < segment.length && SHELL_PREFIX_ASSIGNMENT.test(segment[at]?.text ?? "")) at++;
    if (segment[at]?.text !== "read") continue;
    const args = segment.slice(at + 1);
    // the command splitter drops `<`, so the redirected file is the absolute path among the words
    const file = args.find((word) => word.flag === null && word.text.startsWith("/"))?.text ?? null;
    for (const word of args) {
      if (word.flag === null && SHELL_NAME.test(word.text) && isBaseName(word.text, settings)) targets.push({ word, file });
    }
  }
  return targets;
}

// `$(cat /etc/llm/url)`, `$(< /etc/llm/url)`, `` `cat /etc/llm/url` ``: one file's text.
const CAT_FILE = /^(?:\$\(\s*(?:cat\s+|<\s*)([^\s()`]+)\s*\)|`\s*cat\s+([^\s()`]+)\s*`)$/;

/**
 * A value a script reads from a file: from a ConfigMap or Secret volume of the scan it is that
 * file's endpoint; otherwise `fallback` (unresolved), with the volume's reason added.
 */
function fromFile(path: string, c: ContainerFacts, settings: AdapterSettings, fallback: EndpointFields): EndpointFields {
  const file = c.readFile?.(path) ?? null;
  if (file === null) return fallback;
  if (file.value !== null) return endpointOf(file.value.trim(), settings);
  const unresolved = fallback.unresolvedEndpoint;
  return unresolved === null ? fallback : { endpoint: null, unresolvedEndpoint: { raw: unresolved.raw, reason: `${unresolved.reason} (${file.reason})` } };
}

/** `--base-url X` / `--api-base=X` flags, and URLs of known operators anywhere on the command line. */
function argRoutes(c: ContainerFacts, settings: AdapterSettings, out: RouteCollector, model: ModelInfo | null, usedVars: ReadonlySet<EnvVar>): void {
  const words = c.commands.main.words;
  if (words.length === 0) return;
  const used = new Set<Word>();
  const push = (word: Word, fields: EndpointFields, flag: string | null): void => {
    used.add(word);
    const variable = word.variable && word.variable.value !== null ? word.variable : null;
    // `--base-url $(OPENAI_BASE_URL)`: the variable's own route already covers it
    if (variable !== null && usedVars.has(variable)) return;
    out.routes.push(
      newRoute({
        // flags are keyed by name, so reordering arguments keeps the id
        id: out.id(flag !== null ? `args/${flag}` : word.label),
        via: `${word.label}${flag ? ` ${flag}` : ""} of container ${c.name}${variable ? ` (from env ${variable.name}${variable.from ? `, ${variable.from}` : ""})` : ""}`,
        source: toSource(variable ? variable.at : word.at),
        endpoint: explainPending(fields, word.pending),
        provider: { sdkPrefix: model?.sdkPrefix ?? null, type: model?.type ?? null },
        ...(model ? { model: model.model } : {}),
      }),
    );
  };
  for (const found of allFlagValues(words, BASE_URL_FLAGS)) {
    const flag = found.word.flag ?? words[words.indexOf(found.word) - 1]?.flag ?? null;
    const fields = endpointOf(found.value, settings);
    if (!isBind(fields.endpoint)) push(found.word, fields, flag);
  }
  // one route per variable a script sets and per value it gives it: a script repeating the same
  // line thousands of times says it once
  const assignedOnce = new Set<string>();
  for (const { word, file } of readBuiltinTargets(c, settings)) {
    used.add(word);
    if (assignedOnce.has(`read ${word.text}`)) continue;
    assignedOnce.add(`read ${word.text}`);
    const unknown: EndpointFields = {
      endpoint: null,
      unresolvedEndpoint: { raw: word.text, reason: `${word.text} is set by the shell's read builtin at run time${file !== null ? ` from ${file}` : ""}` },
    };
    push(word, file !== null ? fromFile(file, c, settings, unknown) : unknown, word.text);
  }
  for (const word of words) {
    if (used.has(word)) continue;
    // A shell assignment (`OPENAI_BASE_URL=https://... exec app`, `export X=...`) sets the value for the command.
    const assignment = word.flag === null ? SHELL_ASSIGNMENT.exec(word.text) : null;
    const assigned = assignment?.[2];
    // to a base-URL variable, whatever the value: `$(cat /etc/llm/url)` is an endpoint known only at run time
    if (assignment && assigned !== undefined && isBaseName(assignment[1] ?? "", settings)) {
      if (assignedOnce.has(word.text)) continue;
      assignedOnce.add(word.text);
      const cat = CAT_FILE.exec(assigned);
      const path = cat?.[1] ?? cat?.[2];
      const fields = path !== undefined ? fromFile(path, c, settings, endpointOf(assigned, settings)) : endpointOf(assigned, settings);
      if (!isBind(fields.endpoint)) push(word, fields, assignment[1] ?? null);
      continue;
    }
    const candidate = assigned ?? (word.flag === null ? word.text : word.inlineValue);
    if (candidate === null || (word.flag !== null && isDenyListName(word.flag)) || (assignment && isDenyListName(assignment[1] ?? ""))) continue;
    for (const hit of llmHostsIn(candidate, settings)) {
      // the same host under the same flag (or as a bare word) repeated is one route
      const key = `${word.flag ?? ""} ${hit.fields.endpoint?.host ?? hit.piece}`;
      if (assignedOnce.has(key)) continue;
      assignedOnce.add(key);
      push(word, hit.fields, word.flag);
    }
  }
}
