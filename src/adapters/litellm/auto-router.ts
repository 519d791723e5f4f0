/**
 * LiteLLM auto routers: a `model_list[]` deployment whose model is `auto_router/<name>` is not an
 * endpoint; LiteLLM picks, per request, one of the model groups of the same model_list:
 * - the semantic router (docs.litellm.ai/docs/proxy/auto_routing): `auto_router_config` (a JSON
 *   string or map with `routes[].name`) or `auto_router_config_path` (a file), plus
 *   `auto_router_default_model` and `auto_router_embedding_model` (which embeds every prompt);
 * - the complexity router (`auto_router/complexity_router`): `complexity_router_config.tiers`
 *   (SIMPLE, MEDIUM, COMPLEX, REASONING → model group) and `complexity_router_default_model`.
 * The shape follows LiteLLM's router (litellm/router_utils, the startup check of router chains that
 * walks the same fields, and the proxy UI's `auto_router` form). Every model the router may pick is
 * a model group of the config, whose deployments are routes of their own, so the router itself
 * yields no route: its deployment is dropped, fallbacks to it point at its targets, and a target
 * that names no model group is a problem (LiteLLM fails on it at run time), as for fallbacks.
 */

import type { Route } from "../../model/canonical";
import { describeValue } from "../core/fields";
import { isRecord } from "../core/objects";

export const AUTO_ROUTER_PREFIX = "auto_router/";
const COMPLEXITY_ROUTER = "auto_router/complexity_router";

interface DeploymentLike {
  modelName: string | null;
  route: Route;
}

interface Target {
  name: string;
  pointer: string;
  what: string;
}

type Report = (message: string, pointer: string) => void;

function routerParams(entry: unknown): Record<string, unknown> | null {
  if (!isRecord(entry) || !isRecord(entry.litellm_params)) return null;
  const model = entry.litellm_params.model;
  return typeof model === "string" && model.trim().toLowerCase().startsWith(AUTO_ROUTER_PREFIX) ? entry.litellm_params : null;
}

function stringTarget(params: Record<string, unknown>, key: string, base: string, targets: Target[], what: string): void {
  const value = params[key];
  if (typeof value === "string" && value.trim() !== "") targets.push({ name: value.trim(), pointer: `${base}/${key}`, what });
}

/** `auto_router_config` as LiteLLM accepts it: a JSON string or a map, with `routes[].name`. */
function semanticTargets(params: Record<string, unknown>, base: string, label: string, targets: Target[], report: Report): boolean {
  const raw = params.auto_router_config;
  if (raw === undefined || raw === null) return false;
  let config: unknown = raw;
  if (typeof raw === "string") {
    try {
      config = JSON.parse(raw);
    } catch {
      report(`${label}.auto_router_config is not valid JSON: the model groups this auto router picks from are unknown`, `${base}/auto_router_config`);
      return true;
    }
  }
  const routes = isRecord(config) ? config.routes : undefined;
  if (!Array.isArray(routes)) {
    report(`${label}.auto_router_config must hold a routes list, got ${describeValue(config)}`, `${base}/auto_router_config`);
    return true;
  }
  routes.forEach((route, i) => {
    const name = isRecord(route) ? route.name : undefined;
    if (typeof name === "string" && name.trim() !== "") targets.push({ name: name.trim(), pointer: `${base}/auto_router_config`, what: `route ${i}` });
    else report(`${label}.auto_router_config routes[${i}] has no model name`, `${base}/auto_router_config`);
  });
  return true;
}

function complexityTargets(params: Record<string, unknown>, base: string, label: string, targets: Target[], report: Report): void {
  const config = params.complexity_router_config;
  const tiers = isRecord(config) ? config.tiers : undefined;
  if (isRecord(tiers)) {
    for (const [tier, name] of Object.entries(tiers)) {
      if (typeof name === "string" && name.trim() !== "")
        targets.push({ name: name.trim(), pointer: `${base}/complexity_router_config/tiers/${tier}`, what: `tier ${tier}` });
    }
  } else if (config !== undefined && config !== null) {
    report(`${label}.complexity_router_config must hold a tiers map, got ${describeValue(config)}`, `${base}/complexity_router_config`);
  }
  stringTarget(params, "complexity_router_default_model", base, targets, "default model");
}

/**
 * Drops the auto-router deployments of a config, reporting the targets that name no model group,
 * and points fallbacks to a router at the deployments it routes to. Returns the deployments kept.
 */
export function resolveAutoRouters<D extends DeploymentLike>(modelList: unknown, deployments: D[], report: Report): D[] {
  if (!Array.isArray(modelList)) return deployments;
  const groups = new Map<string, D[]>();
  for (const deployment of deployments) {
    if (deployment.modelName === null) continue;
    groups.set(deployment.modelName, [...(groups.get(deployment.modelName) ?? []), deployment]);
  }
  const routers = new Map<D, Target[]>();
  modelList.forEach((entry, index) => {
    const params = routerParams(entry);
    if (params === null) return;
    const deployment = deployments.find((d) => d.route.id === `model_list/${index}`);
    if (deployment === undefined) return;
    const base = `/model_list/${index}/litellm_params`;
    const label = `model_list[${index}].litellm_params`;
    const targets: Target[] = [];
    const model = String(params.model).trim().toLowerCase();
    if (model.startsWith(COMPLEXITY_ROUTER)) complexityTargets(params, base, label, targets, report);
    else {
      const inline = semanticTargets(params, base, label, targets, report);
      const path = typeof params.auto_router_config_path === "string" && params.auto_router_config_path.trim() !== "";
      stringTarget(params, "auto_router_default_model", base, targets, "default model");
      stringTarget(params, "auto_router_embedding_model", base, targets, "embedding model (it embeds every prompt)");
      if (!inline && !path) report(`${label} is an auto router without auto_router_config or auto_router_config_path: LiteLLM cannot start it`, base);
    }
    if (targets.length === 0) report(`${label} is an auto router that names no model group to route to`, base);
    routers.set(deployment, targets);
  });
  if (routers.size === 0) return deployments;

  const resolved = new Map<string, string[]>();
  for (const [router, targets] of routers) {
    const ids: string[] = [];
    for (const target of targets) {
      const group = groups.get(target.name);
      if (group === undefined) {
        report(`auto router target "${target.name}" (${target.what} of ${router.modelName ?? router.route.id}) is not defined in model_list`, target.pointer);
        continue;
      }
      for (const deployment of group) if (!routers.has(deployment) && !ids.includes(deployment.route.id)) ids.push(deployment.route.id);
    }
    resolved.set(router.route.id, ids);
  }
  const kept = deployments.filter((deployment) => !routers.has(deployment));
  for (const deployment of kept) {
    const fallbacks: string[] = [];
    for (const id of deployment.route.fallbacks) {
      for (const target of resolved.get(id) ?? [id]) if (target !== deployment.route.id && !fallbacks.includes(target)) fallbacks.push(target);
    }
    deployment.route.fallbacks = fallbacks;
  }
  return kept;
}
