/** Reads the containers of a pod spec and turns each into routes and a model server. */

import type { ModelServer, Route } from "../../model/canonical";
import type { AdapterContext } from "../core/types";
import { clientRoutes } from "./client-routes";
import { basename, readCommands } from "./command";
import { resolveContainerEnv } from "./env";
import type { Loc, ProblemSink } from "./location";
import { linkInitDownloads } from "./downloads";
import { detectServer, type ContainerFacts, type MountedFile, type VolumeMount } from "./model-servers";
import { isRecord } from "../core/objects";
import { parseImage } from "./weights";

export interface ContainerAnalysis {
  facts: ContainerFacts;
  /** An init container (runs to completion before the others start). */
  init: boolean;
  server: ModelServer | null;
  routes: Route[];
}

const CONTAINER_LISTS = ["containers", "initContainers"] as const;

/**
 * Environment, command line, server and routes of one container. `serving` marks a container known
 * to serve a model whatever its image (a KServe model spec), so its own settings are not routes.
 */
export function analyzeContainer(
  container: Record<string, unknown>,
  loc: Loc,
  name: string,
  namespace: string,
  ctx: AdapterContext,
  problems: ProblemSink,
  serving = false,
  init = false,
  volumes: unknown = undefined,
): ContainerAnalysis {
  const env = resolveContainerEnv(container, loc, namespace, ctx, problems);
  const commands = readCommands(container, loc, env, problems);
  const image = typeof container.image === "string" ? { text: container.image, at: { doc: loc.doc, pointer: `${loc.pointer}/image` } } : null;
  const mounts = volumeMounts(container.volumeMounts);
  const facts: ContainerFacts = { name, loc, image, env, commands, mounts, readFile: (path) => mountedFile(path, mounts, volumes, namespace, ctx) };
  // an init container runs to completion before the pod serves; a native sidecar (restartPolicy Always) keeps running
  const server = init && container.restartPolicy !== "Always" ? null : detectServer(facts, ctx.settings);
  let routes = clientRoutes(facts, serving || server !== null, ctx.settings, isProxyContainer(facts));
  // files mounted into a client (an app config in a ConfigMap volume) are read by the adapters that know them
  if (!serving && server === null && mounts.length > 0) {
    for (const adapter of ctx.adapters) {
      if (!adapter.containerRoutes) continue;
      const found = adapter.containerRoutes(routes, { name, file: loc.doc.file, namespace, mounts, volumes, env: env.vars }, ctx);
      routes = found.routes;
      problems.problems.push(...found.problems);
    }
  }
  return { facts, init, server, routes };
}

/**
 * The LiteLLM proxy itself (its image, or `litellm --config`): the provider keys in its
 * environment serve the routes of its config, read by the LiteLLM adapter, not calls of their own.
 */
const PROXY_IMAGE = /(^|\/)litellm(-database|-non_root|-stable)?$/;

function isProxyContainer(facts: ContainerFacts): boolean {
  const image = facts.image === null ? null : parseImage(facts.image.text);
  if (image !== null && PROXY_IMAGE.test(image.path)) return true;
  return facts.commands.main.words.some((word) => basename(word.text) === "litellm");
}

function volumeMounts(list: unknown): VolumeMount[] {
  if (!Array.isArray(list)) return [];
  const mounts: VolumeMount[] = [];
  for (const mount of list) {
    if (!isRecord(mount) || typeof mount.name !== "string" || typeof mount.mountPath !== "string") continue;
    mounts.push({
      name: mount.name,
      mountPath: mount.mountPath,
      ...(typeof mount.subPath === "string" && mount.subPath !== "" ? { subPath: mount.subPath } : {}),
    });
  }
  return mounts;
}

/** The mount a path is in: the longest mount path that is the path or contains it. */
export function mountOf(path: string, mounts: readonly VolumeMount[]): VolumeMount | null {
  let best: VolumeMount | null = null;
  for (const mount of mounts) {
    const dir = mount.mountPath.endsWith("/") ? mount.mountPath : `${mount.mountPath}/`;
    if ((path === mount.mountPath || path.startsWith(dir)) && (best === null || mount.mountPath.length > best.mountPath.length)) best = mount;
  }
  return best;
}

/**
 * The text of a file in a ConfigMap or Secret volume the scan holds (`items` and `subPath`
 * honoured), or why it cannot be known: another kind of volume, an object not in the scan, a key
 * it does not have. Null when no mount holds the path.
 */
function mountedFile(path: string, mounts: readonly VolumeMount[], volumes: unknown, namespace: string, ctx: AdapterContext): MountedFile | null {
  const mount = mountOf(path, mounts);
  if (mount === null) return null;
  const where = `volume ${mount.name} mounted at ${mount.mountPath}`;
  const volume = Array.isArray(volumes) ? volumes.find((v): v is Record<string, unknown> => isRecord(v) && v.name === mount.name) : undefined;
  const unknown = (reason: string): MountedFile => ({ value: null, reason: `${where}: ${reason}`, from: where });
  if (volume === undefined) return unknown("the pod's volume is not in the scanned files");
  const kind = isRecord(volume.configMap) ? "ConfigMap" : isRecord(volume.secret) ? "Secret" : null;
  if (kind === null) return unknown("not a ConfigMap or Secret volume, so its files are only known at run time");
  const ref = (kind === "ConfigMap" ? volume.configMap : volume.secret) as Record<string, unknown>;
  const objectName = kind === "ConfigMap" ? ref.name : ref.secretName;
  if (typeof objectName !== "string") return unknown(`the ${kind} volume names no ${kind}`);
  const inVolume = mount.subPath ?? (path === mount.mountPath ? "" : path.slice(mount.mountPath.replace(/\/$/, "").length + 1));
  let key = inVolume;
  if (Array.isArray(ref.items)) {
    const item = ref.items.find((i): i is Record<string, unknown> => isRecord(i) && i.path === inVolume);
    if (item === undefined || typeof item.key !== "string") return unknown(`${kind} ${namespace}/${objectName} projects no file ${inVolume}`);
    key = item.key;
  }
  const described = `${kind} ${namespace}/${objectName} key ${key}`;
  const source = ctx.index.keyValueSource(kind, namespace, objectName);
  if (!source) return { value: null, reason: `${where}, from ${described}, which is not in the scanned files`, from: described };
  const notYetKnown = source.unresolved?.get(key) ?? source.openKeys;
  const value = source.data.get(key);
  if (value === undefined && notYetKnown !== undefined) return { value: null, reason: `${where}: ${notYetKnown}`, from: described };
  if (value === undefined)
    return { value: null, reason: `${where}: ${kind} ${namespace}/${objectName} has no key ${key} in the scanned files`, from: described };
  return { value, reason: "", from: described };
}

/** One container of a pod, wherever its format keeps it (a `containers` list, an Argo `container`, a Tekton step). */
export interface ContainerSlot {
  container: Record<string, unknown>;
  loc: Loc;
  name: string;
  /** Runs to completion before the others start (an init container). */
  init: boolean;
  /** The pod's `volumes`, for files its mounts read (ConfigMap and Secret volumes of the scan). */
  volumes?: unknown;
}

/** Analyses the containers of one pod, in order, and links init containers' downloads to the servers they feed. */
export function analyzeContainers(slots: readonly ContainerSlot[], namespace: string, ctx: AdapterContext, problems: ProblemSink): ContainerAnalysis[] {
  const results = slots.map((slot) => analyzeContainer(slot.container, slot.loc, slot.name, namespace, ctx, problems, false, slot.init, slot.volumes));
  linkInitDownloads(results, ctx.settings);
  dropRepeatedConfigRoutes(results);
  return results;
}

/**
 * A config file mounted into several containers of one pod (a chart's `globalMounts`, an init
 * container that copies it) is one client configuration: its routes are kept for the first
 * container that mounts it (an app container before an init container), not repeated for each.
 */
function dropRepeatedConfigRoutes(results: ContainerAnalysis[]): void {
  const seen = new Set<string>();
  for (const result of [...results.filter((r) => !r.init), ...results.filter((r) => r.init)]) {
    result.routes = result.routes.filter((route) => {
      if (!/^container\/[^/]+\/config\//.test(route.id)) return true;
      const key = [route.source.file, route.source.pointer, route.endpoint?.raw ?? route.unresolvedEndpoint?.raw ?? ""].join("\u0000");
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}

/** Every container and init container of a pod spec, in that order. Malformed entries become problems. */
export function analyzePodSpec(
  spec: Record<string, unknown>,
  specLoc: Loc,
  namespace: string,
  ctx: AdapterContext,
  problems: ProblemSink,
): ContainerAnalysis[] {
  const results: ContainerAnalysis[] = [];
  for (const field of CONTAINER_LISTS) {
    const list = spec[field];
    if (list === undefined || list === null) continue;
    const listLoc: Loc = { doc: specLoc.doc, pointer: `${specLoc.pointer}/${field}` };
    if (!Array.isArray(list)) {
      problems.add(listLoc, `${field} is not a list`);
      continue;
    }
    list.forEach((container, index) => {
      const loc: Loc = { doc: specLoc.doc, pointer: `${listLoc.pointer}/${index}` };
      if (!isRecord(container)) {
        problems.add(loc, `${field}[${index}] is not an object`);
        return;
      }
      let name = container.name;
      if (typeof name !== "string" || name === "") {
        problems.add(loc, `${field}[${index}] has no name`);
        name = `${field}[${index}]`;
      }
      // analysed in place, so problems keep the order of the containers they are about
      results.push(analyzeContainer(container, loc, name as string, namespace, ctx, problems, false, field === "initContainers", spec.volumes));
    });
  }
  linkInitDownloads(results, ctx.settings);
  return results;
}
