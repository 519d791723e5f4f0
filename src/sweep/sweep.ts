/**
 * The residual sweep: after the adapters, every string and key of every scanned document is read
 * for operator references (src/sweep/detect.ts), and each one is checked against what the adapters
 * reported. A reference is accounted for when a route, model server or problem located at the same
 * value (or around it, or inside it) names the same operator; what is left is a sighting, which the
 * `flag-unattributed-llm-reference` rule reports. So a format, key or embedding no adapter reads
 * can never carry an operator past the scan without a word.
 */

import type { CatalogView } from "../adapters/core/catalog";
import type { AdapterOutput } from "../adapters/core/types";
import type { Route, Sighting, SourceLocation } from "../model/canonical";
import { encodePointer } from "../parse/document";
import { referencesInText, type Reference } from "./detect";
import { embeddedStructure } from "./embedded";
import { isDenyListName } from "../normalize/deny-list";

export interface PointedReference extends Reference {
  /** Pointer of the value the reference is in (for a key: of the value under it). */
  pointer: string;
}

/** Values in the tree a sweep reads: the parse limits bound a document already; this bounds a Pulumi resource's inputs too. */
const MAX_NODES = 500_000;

/** Annotations that restate the object (kubectl's last-applied copy) or hold Modelgate's own waivers: not what runs. */
function restatesObject(pointer: string): boolean {
  return pointer === "/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration" || pointer.startsWith("/metadata/annotations/modelgate.dev~1");
}

/** `BLOCKED_HOSTS=...`, `denylist: ...` or `--blocked-hosts=...`: a line or word that names where traffic may not go. */
const ASSIGNED_NAME = /^\s*-{0,2}["']?([A-Za-z_][\w.-]*)["']?\s*[=:]/;
/** A flag whose value is the next word: `--blocked-hosts api.deepseek.com`. */
const BARE_FLAG = /^-{1,2}([A-Za-z][\w.-]*)$/;

function isDenyListLine(line: string): boolean {
  const name = ASSIGNED_NAME.exec(line)?.[1];
  return name !== undefined && isDenyListName(name);
}

/** The value of an entry whose name says it is a deny list: an env entry `{name: BLOCKED_HOSTS, value}`, the word after `--blocked-hosts`. */
function deniedSibling(node: object, key: string, previous: unknown): boolean {
  if (Array.isArray(node)) {
    const flag = typeof previous === "string" ? BARE_FLAG.exec(previous)?.[1] : undefined;
    return flag !== undefined && isDenyListName(flag);
  }
  const name = (node as Record<string, unknown>).name;
  return key === "value" && typeof name === "string" && isDenyListName(name);
}

/** The references in a text that is not JSON or YAML: line by line, deny-list lines left out. */
function referencesInPlainText(text: string, catalog: CatalogView): Reference[] {
  if (!text.includes("\n")) return isDenyListLine(text) ? [] : referencesInText(text, catalog);
  const lines = text.split("\n").filter((line) => !isDenyListLine(line));
  return referencesInText(lines.join("\n"), catalog);
}

/**
 * Every operator reference in a value, with the pointer of the string (or key) that holds it. A
 * string holding JSON or YAML (a config file in a ConfigMap key) is read as the structure it is, so
 * its deny lists are told apart too; its references keep the string's pointer.
 */
export function sweepValue(value: unknown, catalog: CatalogView): PointedReference[] {
  const found: PointedReference[] = [];
  const stack: Array<{ node: unknown; pointer: string; embedded?: boolean }> = [{ node: value, pointer: "" }];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES) {
    const { node, pointer, embedded } = stack.pop()!;
    if (typeof node === "string") {
      const structured = embedded ? null : embeddedStructure(node, catalog);
      if (structured !== null) {
        stack.push({ node: structured, pointer, embedded: true });
        continue;
      }
      for (const reference of referencesInPlainText(node, catalog)) found.push({ ...reference, pointer });
      continue;
    }
    if (node === null || typeof node !== "object") continue;
    const entries: Array<[string, unknown]> = Array.isArray(node) ? node.map((child, i) => [String(i), child]) : Object.entries(node);
    // reverse, so the stack pops them in document order
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if ((!Array.isArray(node) && isDenyListName(key)) || deniedSibling(node, key, entries[i - 1]?.[1])) continue;
      // inside an embedded document every reference is the string's: its inner structure has no pointer
      const childPointer = embedded ? pointer : pointer + encodePointer([key]);
      if (!embedded && restatesObject(childPointer)) continue;
      stack.push({ node: child, pointer: childPointer, embedded });
    }
    if (!Array.isArray(node)) {
      for (const [key] of entries) {
        if (isDenyListName(key)) continue;
        for (const reference of referencesInText(key, catalog)) found.push({ ...reference, pointer: embedded ? pointer : pointer + encodePointer([key]) });
      }
    }
  }
  return found;
}

/** Where the adapters reported something, and which operators it names there ("any": a server or a problem accounts for everything it covers). */
export interface Coverage {
  file: string;
  document: number | null;
  pointer: string;
  operators: readonly string[] | "any";
}

function isSourceLocation(value: unknown): value is SourceLocation {
  return (
    typeof value === "object" && value !== null && typeof (value as SourceLocation).file === "string" && typeof (value as SourceLocation).pointer === "string"
  );
}

/** Every location nested in a value (a route's source, its relay's, a server's weights'). */
function locationsIn(value: unknown, out: SourceLocation[] = []): SourceLocation[] {
  if (Array.isArray(value)) {
    for (const item of value) locationsIn(item, out);
  } else if (isSourceLocation(value)) {
    out.push(value);
  } else if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) locationsIn(child, out);
  }
  return out;
}

/** The operators a route's endpoint, provider prefix, key variable and model name name. */
function namedOperators(route: Route, catalog: CatalogView): string[] {
  const ids = new Set<string>();
  const add = (id: string | undefined): void => {
    if (id !== undefined) ids.add(id);
  };
  const endpoint = route.endpoint;
  if (endpoint !== null) {
    for (const host of [endpoint.host, ...endpoint.alternateHosts, endpoint.lookalikeOf]) if (host) add(catalog.operatorOfHost(host)?.id);
    // the text the adapter read the endpoint from: `https://api.openai.com@api.moonshot.ai` names both, and both were judged
    for (const reference of referencesInText(endpoint.raw, catalog)) add(operatorOf(reference, catalog));
  }
  if (route.provider.sdkPrefix) add(catalog.operatorOfPrefix(route.provider.sdkPrefix)?.id);
  if (route.provider.keyVar) add(catalog.operatorOfKeyVar(route.provider.keyVar)?.id);
  for (const text of [route.model.raw, route.model.id]) {
    if (text) for (const reference of referencesInText(text, catalog)) add(operatorOf(reference, catalog));
  }
  return [...ids];
}

/** The pointer of the object a value sits in, or null at a document's top level. */
function enclosingPointer(pointer: string): string | null {
  const cut = pointer.lastIndexOf("/");
  return cut > 0 ? pointer.slice(0, cut) : null;
}

function coverageAt(location: SourceLocation, operators: readonly string[] | "any"): Coverage {
  return { file: location.file, document: location.document ?? null, pointer: location.pointer, operators };
}

/** The operators the routes of one workload reach: its verdict on them is made, wherever else in it they are named. */
export interface Reach {
  resource: string;
  namespace: string | null;
  operators: string[];
}

/** Marks a workload with routes: they were built from its whole environment, so its key variables are its clients' keys. */
const WORKLOAD_ANY_KEY = "*routes";

/** A value an adapter read and decided about (AdapterContext.judged) accounts for whatever it names. */
export function judgedAt(at: SourceLocation): Coverage {
  return coverageAt(at, "any");
}

/** What one adapter output accounts for: at the values it read, and by the workloads it reports. */
export function coverageOf(output: AdapterOutput, catalog: CatalogView): { coverage: Coverage[]; reach: Reach[] } {
  const coverage: Coverage[] = [];
  const reach: Reach[] = [];
  for (const document of output.documents) {
    const reached = new Set<string>();
    for (const route of document.routes) {
      const named = namedOperators(route, catalog);
      // an endpoint nobody can know is reported as such: nothing more to say about its text
      const operators = route.unresolvedEndpoint !== null ? "any" : named;
      if (operators !== "any") for (const id of operators) reached.add(id);
      for (const location of locationsIn(route)) coverage.push(coverageAt(location, operators));
      // The object the route points into (a LiteLLM deployment's litellm_params, one env entry)
      // was read with it: a sibling value naming an operator the route names is accounted for,
      // wherever in that object the finding is anchored.
      const around = enclosingPointer(route.source.pointer);
      if (around !== null && named.length > 0) coverage.push(coverageAt({ ...route.source, pointer: around }, named));
    }
    if (document.routes.length > 0) reached.add(WORKLOAD_ANY_KEY);
    if (reached.size > 0) reach.push({ resource: document.workload.resource, namespace: document.workload.namespace, operators: [...reached] });
    for (const server of document.servers) for (const location of locationsIn(server)) coverage.push(coverageAt(location, "any"));
    for (const problem of document.problems) coverage.push(coverageAt(problem.source, "any"));
  }
  for (const problem of output.problems) coverage.push(coverageAt(problem.source, "any"));
  return { coverage, reach };
}

/** The operator a reference names (catalogue lookups only). */
export function operatorOf(reference: Reference, catalog: CatalogView): string | undefined {
  switch (reference.kind) {
    case "host":
      return catalog.operatorOfHost(reference.lookalikeOf ?? reference.host ?? "")?.id;
    case "sdk-prefix":
      return catalog.operatorOfPrefix(reference.prefix ?? "")?.id;
    case "key-variable":
      return catalog.operatorOfKeyVar(reference.keyVar ?? "")?.id;
  }
}

/** Whether one pointer is the other or lies inside it. */
function related(a: string, b: string): boolean {
  if (a === b) return true;
  const [outer, inner] = a.length < b.length ? [a, b] : [b, a];
  return inner.startsWith(outer) && inner[outer.length] === "/";
}

/** Where a reference was found: in a workload an adapter reported (its resource), or in an object of its own (its namespace). */
export interface SightingPlace {
  file: string;
  document: number | null;
  owner: string | null;
  namespace: string | null;
}

/** Coverage of a scan, looked up by file and document. */
export class CoverageIndex {
  private readonly byDocument = new Map<string, Coverage[]>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly byNamespace = new Map<string, Set<string>>();

  addReach(entries: readonly Reach[]): void {
    for (const entry of entries) {
      for (const [map, key] of [
        [this.byOwner, entry.resource],
        [this.byNamespace, entry.namespace ?? ""],
      ] as const) {
        let set = map.get(key);
        if (!set) map.set(key, (set = new Set()));
        for (const id of entry.operators) set.add(id);
      }
    }
  }

  /**
   * Whether the scan accounts for a reference: something the adapters reported at or around it
   * names its operator; or it sits in a workload whose routes reach that operator (the verdict on
   * that operator is made); or, in an object no adapter made a workload of (a Service alias, a TLS
   * policy, a ConfigMap), a workload of the same namespace reaches that operator.
   */
  accountsAt(place: SightingPlace, reference: PointedReference, catalog: CatalogView): boolean {
    const operator = operatorOf(reference, catalog);
    if (operator !== undefined) {
      const reached = place.owner !== null ? this.byOwner.get(place.owner) : this.byNamespace.get(place.namespace ?? "");
      if (reached?.has(operator)) return true;
    }
    // a workload with routes: its clients' keys, and the gateway its routes pass through (a Portkey or Cloudflare base URL)
    const gatewayHost = reference.kind === "host" && operator !== undefined && catalog.operator(operator)?.kind === "gateway";
    if ((reference.kind === "key-variable" || gatewayHost) && place.owner !== null && this.byOwner.get(place.owner)?.has(WORKLOAD_ANY_KEY)) return true;
    return this.accounts(place.file, place.document, reference, catalog);
  }

  add(entries: readonly Coverage[]): void {
    for (const entry of entries) {
      const key = `${entry.file}\0${entry.document ?? ""}`;
      let list = this.byDocument.get(key);
      if (!list) this.byDocument.set(key, (list = []));
      list.push(entry);
    }
  }

  /** Whether something the adapters reported at or around the reference names its operator. */
  accounts(file: string, document: number | null, reference: PointedReference, catalog: CatalogView): boolean {
    const operator = operatorOf(reference, catalog);
    const candidates = [...(this.byDocument.get(`${file}\0${document ?? ""}`) ?? []), ...(document === null ? [] : (this.byDocument.get(`${file}\0`) ?? []))];
    return candidates.some(
      (entry) => related(entry.pointer, reference.pointer) && (entry.operators === "any" || (operator !== undefined && entry.operators.includes(operator))),
    );
  }
}

/** The canonical form of references left unaccounted for. */
export function sightingsOf(references: readonly PointedReference[], at: (pointer: string) => SourceLocation): Sighting[] {
  return references.map((reference, i) => ({
    id: `sighting-${i + 1}`,
    kind: reference.kind,
    seen: reference.seen,
    host: reference.host,
    lookalikeOf: reference.lookalikeOf,
    prefix: reference.prefix,
    keyVar: reference.keyVar,
    source: at(reference.pointer),
  }));
}
