/**
 * The entities of a decK file (`kong.yaml`, also Kong's DB-less declarative config) that matter
 * here: every plugin with the entity it is attached to. Plugins can sit at the top level (naming
 * their service, route, consumer or consumer group) or nested under `services[]`,
 * `services[].routes[]`, top-level `routes[]`, `consumers[]` and `consumer_groups[]`.
 */

import { isKubeObject, isRecord } from "../core/objects";

export type Scope =
  | { kind: "global" }
  | { kind: "service"; service: string }
  | { kind: "route"; route: string; service: string | null }
  | { kind: "consumer"; consumer: string }
  | { kind: "consumer_group"; group: string };

export interface DeckPlugin {
  name: string;
  /** instance_name when set: several instances of one plugin can exist. */
  instanceName: string | null;
  config: Record<string, unknown>;
  /** JSON pointer of the plugin object. */
  pointer: string;
  enabled: boolean;
  scope: Scope;
}

export interface DeckFile {
  workspace: string | null;
  plugins: DeckPlugin[];
  /** Route name → its service, for plugins that name a route at the top level. */
  routeServices: Map<string, string | null>;
  problems: Array<{ message: string; pointer: string }>;
}

/** Sections whose presence (with `_format_version`) marks a decK file. */
const SECTIONS = ["services", "routes", "plugins", "consumers", "consumer_groups", "upstreams"] as const;
const AI_PLUGIN = /^ai-/;

/** A decK / declarative config: `_format_version`, or top-level Kong entities that carry an ai-* plugin. */
export function isDeckFile(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value) || isKubeObject(value)) return false;
  if (typeof value._format_version === "string" || typeof value._format_version === "number") return true;
  if (!SECTIONS.some((section) => Array.isArray(value[section]))) return false;
  // without _format_version, only claim a file that really configures Kong AI plugins
  return JSON.stringify(value).includes('"name":"ai-proxy');
}

/** Keys a plugin object carries besides `config` (a fragment is a plugin written alone). */
const PLUGIN_KEYS = new Set(["name", "config", "enabled", "instance_name", "protocols", "tags", "id", "ordering"]);
const FRAGMENT_PLUGINS = new Set(["ai-proxy", "ai-proxy-advanced"]);

/** An ai-proxy `config` by its shape: a `model` map with a provider or name next to route_type or auth, or ai-proxy-advanced `targets` of such models. */
function looksLikeProxyConfig(config: unknown): boolean {
  if (!isRecord(config)) return false;
  const model = config.model;
  if (
    isRecord(model) &&
    (typeof model.provider === "string" || typeof model.name === "string") &&
    (Object.hasOwn(config, "route_type") || Object.hasOwn(config, "auth"))
  )
    return true;
  return Array.isArray(config.targets) && config.targets.some((target) => isRecord(target) && isRecord(target.model) && Object.hasOwn(target, "route_type"));
}

/**
 * A Kong plugin configuration written as a fragment, the way the plugin docs and Konnect UI show it:
 * a file that is one plugin (`name: ai-proxy` + `config:`) or just its `config:`. Its name, or
 * ai-proxy-advanced for a `targets` config and ai-proxy otherwise.
 */
export function proxyFragment(value: unknown): { name: string; config: Record<string, unknown>; instanceName: string | null; enabled: boolean } | null {
  if (!isRecord(value) || isKubeObject(value) || !isRecord(value.config)) return null;
  if (!Object.keys(value).every((key) => PLUGIN_KEYS.has(key))) return null;
  const named = typeof value.name === "string" ? value.name.trim() : null;
  if (named !== null && !FRAGMENT_PLUGINS.has(named)) return null;
  if (named === null && !looksLikeProxyConfig(value.config)) return null;
  const name = named ?? (Array.isArray(value.config.targets) ? "ai-proxy-advanced" : "ai-proxy");
  return {
    name,
    config: value.config,
    instanceName: typeof value.instance_name === "string" ? value.instance_name : null,
    enabled: value.enabled !== false && value.enabled !== "false",
  };
}

/** `/services/0/routes/1/plugins` → `services[0].routes[1].plugins`, for messages. */
function pathOf(pointer: string): string {
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`))
    .join("")
    .slice(1);
}

/** A reference to another entity: a name string, or {name} / {id}. */
function refName(value: unknown): string | null {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (isRecord(value)) {
    for (const key of ["name", "username", "id", "custom_id"]) {
      const text = value[key];
      if (typeof text === "string" && text.trim() !== "") return text.trim();
    }
  }
  return null;
}

function entityName(entity: Record<string, unknown>, fallback: string): string {
  return refName(entity) ?? fallback;
}

export function readDeck(value: Record<string, unknown>): DeckFile {
  const file: DeckFile = {
    workspace: typeof value._workspace === "string" && value._workspace.trim() !== "" ? value._workspace.trim() : null,
    plugins: [],
    routeServices: new Map(),
    problems: [],
  };

  const addPlugins = (list: unknown, pointer: string, scopeOf: (plugin: Record<string, unknown>) => Scope): void => {
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) {
      file.problems.push({ message: `${pathOf(pointer)} must be a list of plugins`, pointer });
      return;
    }
    list.forEach((plugin, i) => {
      const at = `${pointer}/${i}`;
      if (!isRecord(plugin)) return;
      const name = typeof plugin.name === "string" ? plugin.name.trim() : "";
      if (!AI_PLUGIN.test(name)) return;
      const config = plugin.config;
      if (config !== undefined && config !== null && !isRecord(config)) {
        file.problems.push({ message: `${pathOf(at)} (${name}) has a config that is not a map`, pointer: `${at}/config` });
        return;
      }
      file.plugins.push({
        name,
        instanceName: typeof plugin.instance_name === "string" ? plugin.instance_name : null,
        config: isRecord(config) ? config : {},
        pointer: at,
        enabled: plugin.enabled !== false && plugin.enabled !== "false",
        scope: scopeOf(plugin),
      });
    });
  };

  const addRoutes = (list: unknown, pointer: string, service: string | null): void => {
    if (!Array.isArray(list)) return;
    list.forEach((route, j) => {
      if (!isRecord(route)) return;
      const owner = service ?? refName(route.service);
      const name = entityName(route, owner !== null ? `${owner}/routes[${j}]` : `routes[${j}]`);
      file.routeServices.set(name, owner);
      addPlugins(route.plugins, `${pointer}/${j}/plugins`, () => ({ kind: "route", route: name, service: owner }));
    });
  };

  const services = Array.isArray(value.services) ? value.services : [];
  services.forEach((service, i) => {
    if (!isRecord(service)) return;
    const name = entityName(service, `services[${i}]`);
    addPlugins(service.plugins, `/services/${i}/plugins`, () => ({ kind: "service", service: name }));
    addRoutes(service.routes, `/services/${i}/routes`, name);
  });
  addRoutes(value.routes, "/routes", null);
  for (const section of ["consumers", "consumer_groups"] as const) {
    const list = Array.isArray(value[section]) ? (value[section] as unknown[]) : [];
    list.forEach((entity, i) => {
      if (!isRecord(entity)) return;
      const name = entityName(entity, `${section}[${i}]`);
      addPlugins(entity.plugins, `/${section}/${i}/plugins`, () =>
        section === "consumers" ? { kind: "consumer", consumer: name } : { kind: "consumer_group", group: name },
      );
    });
  }
  addPlugins(value.plugins, "/plugins", (plugin) => {
    const consumer = refName(plugin.consumer);
    if (consumer !== null) return { kind: "consumer", consumer };
    const group = refName(plugin.consumer_group);
    if (group !== null) return { kind: "consumer_group", group };
    const route = refName(plugin.route);
    if (route !== null) return { kind: "route", route, service: refName(plugin.service) ?? file.routeServices.get(route) ?? null };
    const service = refName(plugin.service);
    if (service !== null) return { kind: "service", service };
    return { kind: "global" };
  });
  return file;
}

export function sameScope(a: Scope, b: Scope): boolean {
  switch (a.kind) {
    case "global":
      return b.kind === "global";
    case "service":
      return b.kind === "service" && b.service === a.service;
    case "route":
      return b.kind === "route" && b.route === a.route;
    case "consumer":
      return b.kind === "consumer" && b.consumer === a.consumer;
    case "consumer_group":
      return b.kind === "consumer_group" && b.group === a.group;
  }
}

/** The scopes whose plugins apply to traffic of a scope, most specific first (Kong's precedence). */
export function scopeChain(scope: Scope): Scope[] {
  switch (scope.kind) {
    case "route":
      return [scope, ...(scope.service !== null ? [{ kind: "service", service: scope.service } as Scope] : []), { kind: "global" }];
    case "service":
      return [scope, { kind: "global" }];
    case "global":
      return [scope];
    case "consumer":
    case "consumer_group":
      return [scope];
  }
}
