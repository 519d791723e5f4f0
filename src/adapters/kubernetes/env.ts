/**
 * Environment of one container as the kubelet would build it: `envFrom` sources first (later ones
 * override earlier ones), then `env` entries in order, each `value` expanded against the variables
 * defined before it. Values held in ConfigMaps and Secrets are looked up in the scan; anything that
 * cannot be known statically is kept with the reason, never dropped.
 */

import { isRecord } from "../core/objects";
import type { KeyValueSource } from "../core/scan-index";
import type { AdapterContext } from "../core/types";
import { toSource, type Loc, type ProblemSink } from "./location";

export interface EnvVar {
  name: string;
  /** The value after `$(VAR)` expansion; null when it cannot be known before deploy. */
  value: string | null;
  /** Why `value` is null, naming the missing object ("Secret prod/x key Y is not in the scanned files"). */
  unresolved: string | null;
  /** The value as written, for messages: the literal text, or a description of the reference. */
  raw: string;
  /** Where the value is written: the env entry, or the ConfigMap/Secret key's own document. */
  at: Loc;
  /** "ConfigMap prod/x key Y" when the value comes from another object; null for a literal. */
  from: string | null;
  /**
   * `$(NAME)` references left in `value` because NAME is defined but unknown before deploy
   * (NAME → why). The text keeps `$(NAME)`, so URL normalisation can tell whether the host depends on it.
   */
  pending: ReadonlyMap<string, string> | null;
  /** How deep the variables substituted into `value` nest (absent: none), bounded by MAX_EXPANSION_DEPTH. */
  depth?: number;
}

/** An `envFrom` source that is not in the scan: it may define any variable. */
export interface OpaqueSource {
  description: string;
  at: Loc;
  /** Why its keys are unknown when the source is in the scan (a produced Secret's `dataFrom`); absent: it is not in the scan. */
  why?: string;
}

export interface ContainerEnv {
  vars: Map<string, EnvVar>;
  opaque: OpaqueSource[];
  /** What `$(VAR)` expansion may still add in this container (absent: a fresh allowance per value). */
  budget?: ExpansionBudget;
}

export interface Expansion {
  value: string;
  pending: Map<string, string> | null;
  /** How deep the substituted variables nest (0: no variable substituted). */
  depth: number;
  /** Set when a reference was left as written because expanding it would pass a bound: why. */
  truncated: string | null;
}

/**
 * Bounds on `$(VAR)` expansion. A chain of variables each doubling the one before grows
 * exponentially, and one of 20,000 variables each adding to the last fills the heap; what passes
 * a bound stays unexpanded, unresolved and reported, never silently dropped.
 */
export const MAX_EXPANSION_DEPTH = 32;
/** Characters substitutions may add in one container, over all its values. */
export const MAX_EXPANDED_CHARS = 1 << 20;

/** What is left of a container's expansion allowance; shared by its env values and its command line. */
export interface ExpansionBudget {
  chars: number;
}

export function expansionBudget(): ExpansionBudget {
  return { chars: MAX_EXPANDED_CHARS };
}

/**
 * Kubernetes `$(VAR)` expansion (k8s.io/kubernetes third_party/forked/golang/expansion): a defined
 * VAR is replaced, an undefined one stays as written, `$$` is an escaped `$`. A VAR defined by an
 * unresolvable value also stays as written and is recorded in `pending`, and so does one whose
 * expansion would nest deeper than MAX_EXPANSION_DEPTH or spend more than `budget` allows.
 */
export function expandReferences(input: string, lookup: (name: string) => EnvVar | undefined, budget: ExpansionBudget = expansionBudget()): Expansion {
  if (input.indexOf("$") === -1) return { value: input, pending: null, depth: 0, truncated: null };
  // Text is copied in runs (from `copied` up to a substitution), joined once at the end: appending
  // character by character builds a rope V8 must walk again.
  const out: string[] = [];
  let copied = 0;
  let pending: Map<string, string> | null = null;
  let depth = 0;
  let truncated: string | null = null;
  const keep = (name: string, reason: string): void => {
    pending ??= new Map();
    pending.set(name, reason);
  };
  const n = input.length;
  // the next ")" is looked up again only once passed: one search per "$(" would rescan an unclosed rest
  let nextClose = -2;
  let i = input.indexOf("$");
  while (i !== -1 && i + 1 < n) {
    const next = input[i + 1];
    if (next === "$") {
      out.push(input.slice(copied, i + 1));
      copied = i + 2;
      i = input.indexOf("$", i + 2);
      continue;
    }
    if (next !== "(") {
      i = input.indexOf("$", i + 1);
      continue;
    }
    if (nextClose !== -1 && nextClose < i + 2) nextClose = input.indexOf(")", i + 2);
    const close = nextClose;
    if (close === -1) break; // no reference can close: the rest stays as written
    const name = input.slice(i + 2, close);
    const variable = lookup(name);
    const nested = (variable?.depth ?? 0) + 1;
    if (variable && variable.value !== null && nested > MAX_EXPANSION_DEPTH) {
      truncated ??= `$(${name}) is not expanded: variables nest more than ${MAX_EXPANSION_DEPTH} deep`;
      keep(name, truncated);
      // whatever refers to this value is as deep: the chain stays cut, it does not start over
      depth = MAX_EXPANSION_DEPTH;
    } else if (variable && variable.value !== null && variable.value.length > budget.chars) {
      truncated ??= `$(${name}) is not expanded: expansion in this container would exceed ${MAX_EXPANDED_CHARS} characters`;
      keep(name, truncated);
    } else if (variable && variable.value !== null) {
      budget.chars -= variable.value.length;
      out.push(input.slice(copied, i), variable.value);
      copied = close + 1;
      depth = Math.max(depth, nested);
      if (variable.pending) for (const [key, reason] of variable.pending) keep(key, reason);
    } else if (variable) {
      keep(name, variable.unresolved ?? "unknown before deploy");
    }
    i = input.indexOf("$", close + 1);
  }
  if (copied === 0) return { value: input, pending, depth, truncated };
  out.push(input.slice(copied));
  return { value: out.join(""), pending, depth, truncated };
}

function scalarText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

type RefKind = "ConfigMap" | "Secret";

function fromKeySource(
  ctx: AdapterContext,
  kind: RefKind,
  namespace: string,
  name: string,
  key: string,
  optional: boolean,
  varName: string,
  refLoc: Loc,
): EnvVar {
  const refText = `${kind === "Secret" ? "secretKeyRef" : "configMapKeyRef"} ${name}/${key}`;
  const described = `${kind} ${namespace}/${name} key ${key}`;
  const source = ctx.index.keyValueSource(kind, namespace, name, refLoc.doc.file);
  const missing = (reason: string): EnvVar => ({
    name: varName,
    value: null,
    unresolved: reason,
    raw: refText,
    at: refLoc,
    from: described,
    pending: null,
  });
  if (!source) return missing(`${described} is not in the scanned files${optional ? " (optional)" : ""}`);
  const pointer = source.pointers.get(key);
  const value = source.data.get(key);
  if (value === undefined) {
    if (pointer !== undefined && source.undecodable.has(key)) {
      return { ...missing(`${described} is not valid base64-encoded UTF-8 text`), at: { doc: source.doc, pointer } };
    }
    const unknown = source.unresolved?.get(key);
    if (pointer !== undefined && unknown !== undefined) return { ...missing(unknown), at: { doc: source.doc, pointer }, from: writtenBy(described, source) };
    if (source.openKeys !== undefined) return missing(`${described} is only known once deployed: ${source.openKeys}`);
    return missing(`${kind} ${namespace}/${name} has no key ${key} in the scanned files${optional ? " (optional)" : ""}`);
  }
  return {
    name: varName,
    value,
    unresolved: null,
    raw: value,
    at: { doc: source.doc, pointer: pointer ?? "" },
    from: writtenBy(described, source),
    pending: null,
  };
}

/** "Secret prod/x key Y, written by ExternalSecret prod/x": where a produced value is, named by what writes it. */
function writtenBy(described: string, source: KeyValueSource): string {
  return source.producedBy === undefined ? described : `${described}, written by ${source.producedBy}`;
}

function valueFromVar(ctx: AdapterContext, namespace: string, varName: string, valueFrom: Record<string, unknown>, loc: Loc, problems: ProblemSink): EnvVar {
  const unresolved = (raw: string, reason: string, at: Loc = loc): EnvVar => ({
    name: varName,
    value: null,
    unresolved: reason,
    raw,
    at,
    from: null,
    pending: null,
  });
  for (const [field, kind] of [
    ["configMapKeyRef", "ConfigMap"],
    ["secretKeyRef", "Secret"],
  ] as const) {
    const ref = valueFrom[field];
    if (ref === undefined) continue;
    const refLoc = { doc: loc.doc, pointer: `${loc.pointer}/${field}` };
    if (!isRecord(ref) || typeof ref.name !== "string" || typeof ref.key !== "string") {
      problems.add(refLoc, `env ${varName}: ${field} needs a name and a key`);
      return unresolved(field, `${field} without a name or key`, refLoc);
    }
    return fromKeySource(ctx, kind, namespace, ref.name, ref.key, ref.optional === true, varName, refLoc);
  }
  if (isRecord(valueFrom.fieldRef)) {
    const path = scalarText(valueFrom.fieldRef.fieldPath) ?? "?";
    return unresolved(`fieldRef ${path}`, `fieldRef ${path} is only known at run time`);
  }
  if (isRecord(valueFrom.resourceFieldRef)) {
    const resource = scalarText(valueFrom.resourceFieldRef.resource) ?? "?";
    return unresolved(`resourceFieldRef ${resource}`, `resourceFieldRef ${resource} is only known at run time`);
  }
  if (isRecord(valueFrom.fileKeyRef)) {
    const key = scalarText(valueFrom.fileKeyRef.key) ?? "?";
    return unresolved(`fileKeyRef ${key}`, `fileKeyRef ${key} is read from a volume at run time`);
  }
  problems.add(loc, `env ${varName}: valueFrom has no configMapKeyRef, secretKeyRef, fieldRef or resourceFieldRef`);
  return unresolved("valueFrom", "valueFrom of an unknown kind");
}

function readEnvFrom(ctx: AdapterContext, namespace: string, list: unknown, listLoc: Loc, env: ContainerEnv, problems: ProblemSink): void {
  if (!Array.isArray(list)) {
    problems.add(listLoc, "envFrom is not a list");
    return;
  }
  list.forEach((entry, index) => {
    const loc: Loc = { doc: listLoc.doc, pointer: `${listLoc.pointer}/${index}` };
    if (!isRecord(entry)) {
      problems.add(loc, "envFrom entry is not an object");
      return;
    }
    const prefix = typeof entry.prefix === "string" ? entry.prefix : "";
    const field = isRecord(entry.configMapRef) ? "configMapRef" : isRecord(entry.secretRef) ? "secretRef" : null;
    if (field === null) {
      problems.add(loc, "envFrom entry has neither configMapRef nor secretRef");
      return;
    }
    const ref = entry[field] as Record<string, unknown>;
    const kind: RefKind = field === "configMapRef" ? "ConfigMap" : "Secret";
    const refLoc: Loc = { doc: loc.doc, pointer: `${loc.pointer}/${field}` };
    if (typeof ref.name !== "string" || ref.name === "") {
      problems.add(refLoc, `envFrom ${field} has no name`);
      return;
    }
    const source = ctx.index.keyValueSource(kind, namespace, ref.name, refLoc.doc.file);
    const described = `${kind} ${namespace}/${ref.name}`;
    if (!source) {
      env.opaque.push({ description: `${described}${ref.optional === true ? " (optional)" : ""}`, at: refLoc });
      return;
    }
    for (const [key, value] of source.data) {
      env.vars.set(prefix + key, {
        name: prefix + key,
        value,
        unresolved: null,
        raw: value,
        at: { doc: source.doc, pointer: source.pointers.get(key) ?? "" },
        from: writtenBy(`${described} key ${key}`, source),
        pending: null,
      });
    }
    for (const [key, reason] of source.unresolved ?? []) {
      env.vars.set(prefix + key, {
        name: prefix + key,
        value: null,
        unresolved: reason,
        raw: `${field} ${ref.name}/${key}`,
        at: { doc: source.doc, pointer: source.pointers.get(key) ?? "" },
        from: writtenBy(`${described} key ${key}`, source),
        pending: null,
      });
    }
    // it may hold more keys than the scan can list: any variable may come from it
    if (source.openKeys !== undefined) env.opaque.push({ description: described, at: refLoc, why: source.openKeys });
    for (const key of source.undecodable) {
      env.vars.set(prefix + key, {
        name: prefix + key,
        value: null,
        unresolved: `${described} key ${key} is not valid base64-encoded UTF-8 text`,
        raw: `secretRef ${ref.name}/${key}`,
        at: { doc: source.doc, pointer: source.pointers.get(key) ?? "" },
        from: `${described} key ${key}`,
        pending: null,
      });
    }
  });
}

/**
 * The container's variables by name, later definitions winning as in the kubelet. A definition a
 * later one overrides was read and has no effect: the residual sweep is told, so a stale base URL
 * in a shared ConfigMap that this container overrides is not taken for an unread reference.
 */
class OverridingVars extends Map<string, EnvVar> {
  constructor(private readonly ctx: AdapterContext) {
    super();
  }

  override set(name: string, variable: EnvVar): this {
    const overridden = this.get(name);
    if (overridden && this.ctx.judged) this.ctx.judged(toSource(overridden.at));
    return super.set(name, variable);
  }
}

/** Builds the environment of the container at `containerLoc` (its `env` and `envFrom`). */
export function resolveContainerEnv(
  container: Record<string, unknown>,
  containerLoc: Loc,
  namespace: string,
  ctx: AdapterContext,
  problems: ProblemSink,
): ContainerEnv {
  const env: ContainerEnv = { vars: new OverridingVars(ctx), opaque: [], budget: expansionBudget() };
  const { doc, pointer } = containerLoc;
  if (container.envFrom !== undefined && container.envFrom !== null) {
    readEnvFrom(ctx, namespace, container.envFrom, { doc, pointer: `${pointer}/envFrom` }, env, problems);
  }
  const list = container.env;
  if (list === undefined || list === null) return env;
  if (!Array.isArray(list)) {
    problems.add({ doc, pointer: `${pointer}/env` }, "env is not a list");
    return env;
  }
  const lookup = (name: string): EnvVar | undefined => env.vars.get(name);
  list.forEach((entry, index) => {
    const loc: Loc = { doc, pointer: `${pointer}/env/${index}` };
    if (!isRecord(entry)) {
      problems.add(loc, "env entry is not an object");
      return;
    }
    const name = entry.name;
    if (typeof name !== "string" || name === "") {
      problems.add(loc, "env entry has no name");
      return;
    }
    if (entry.valueFrom !== undefined && entry.valueFrom !== null) {
      if (!isRecord(entry.valueFrom)) {
        problems.add({ doc, pointer: `${loc.pointer}/valueFrom` }, `env ${name}: valueFrom is not an object`);
        env.vars.set(name, { name, value: null, unresolved: "valueFrom is not an object", raw: "valueFrom", at: loc, from: null, pending: null });
        return;
      }
      env.vars.set(name, valueFromVar(ctx, namespace, name, entry.valueFrom, { doc, pointer: `${loc.pointer}/valueFrom` }, problems));
      return;
    }
    if (entry.value === undefined || entry.value === null) {
      env.vars.set(name, { name, value: "", unresolved: null, raw: "", at: loc, from: null, pending: null });
      return;
    }
    const text = scalarText(entry.value);
    const valueLoc: Loc = { doc, pointer: `${loc.pointer}/value` };
    if (text === null) {
      problems.add(valueLoc, `env ${name}: value is not a string`);
      env.vars.set(name, { name, value: null, unresolved: "value is not a string", raw: "", at: valueLoc, from: null, pending: null });
      return;
    }
    const expanded = expandReferences(text, lookup, env.budget);
    if (expanded.truncated !== null) problems.add(valueLoc, `env ${name}: ${expanded.truncated}`);
    const variable: EnvVar = { name, value: expanded.value, unresolved: null, raw: text, at: valueLoc, from: null, pending: expanded.pending };
    if (expanded.depth > 0) variable.depth = expanded.depth;
    env.vars.set(name, variable);
  });
  return env;
}

/** "env NAME of container app (from Secret prod/x key Y)". */
export function describeVar(variable: EnvVar, container: string): string {
  return `env ${variable.name} of container ${container}${variable.from ? ` (from ${variable.from})` : ""}`;
}
