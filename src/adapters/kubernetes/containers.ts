/** Reads the containers of a pod spec and turns each into routes and a model server. */

import type { ModelServer, Route } from "../../model/canonical";
import type { AdapterContext } from "../core/types";
import { clientRoutes } from "./client-routes";
import { readCommands } from "./command";
import { resolveContainerEnv } from "./env";
import type { Loc, ProblemSink } from "./location";
import { linkInitDownloads } from "./downloads";
import { detectServer, type ContainerFacts } from "./model-servers";
import { isRecord } from "../core/objects";

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
): ContainerAnalysis {
  const env = resolveContainerEnv(container, loc, namespace, ctx, problems);
  const commands = readCommands(container, loc, env, problems);
  const image = typeof container.image === "string" ? { text: container.image, at: { doc: loc.doc, pointer: `${loc.pointer}/image` } } : null;
  const facts: ContainerFacts = { name, loc, image, env, commands, mounts: volumeMounts(container.volumeMounts) };
  // an init container runs to completion before the pod serves; a native sidecar (restartPolicy Always) keeps running
  const server = init && container.restartPolicy !== "Always" ? null : detectServer(facts, ctx.settings);
  const routes = clientRoutes(facts, serving || server !== null, ctx.settings);
  return { facts, init, server, routes };
}

function volumeMounts(list: unknown): Array<{ name: string; mountPath: string }> {
  if (!Array.isArray(list)) return [];
  const mounts: Array<{ name: string; mountPath: string }> = [];
  for (const mount of list) {
    if (isRecord(mount) && typeof mount.name === "string" && typeof mount.mountPath === "string") mounts.push({ name: mount.name, mountPath: mount.mountPath });
  }
  return mounts;
}

/** One container of a pod, wherever its format keeps it (a `containers` list, an Argo `container`, a Tekton step). */
export interface ContainerSlot {
  container: Record<string, unknown>;
  loc: Loc;
  name: string;
  /** Runs to completion before the others start (an init container). */
  init: boolean;
}

/** Analyses the containers of one pod, in order, and links init containers' downloads to the servers they feed. */
export function analyzeContainers(slots: readonly ContainerSlot[], namespace: string, ctx: AdapterContext, problems: ProblemSink): ContainerAnalysis[] {
  const results = slots.map((slot) => analyzeContainer(slot.container, slot.loc, slot.name, namespace, ctx, problems, false, slot.init));
  linkInitDownloads(results, ctx.settings);
  return results;
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
      results.push(analyzeContainer(container, loc, name as string, namespace, ctx, problems, false, field === "initContainers"));
    });
  }
  linkInitDownloads(results, ctx.settings);
  return results;
}
