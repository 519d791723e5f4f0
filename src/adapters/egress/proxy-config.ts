/**
 * Where a reverse proxy forwards, read from its configuration as mounted from ConfigMaps:
 *   - nginx / OpenResty: `proxy_pass` and `grpc_pass` URLs, through `upstream NAME { server ...; }`;
 *   - HAProxy: `server NAME HOST:PORT` (and `server-template`) lines;
 *   - Envoy: every `socket_address.address` of its (static) clusters.
 * A target written with a variable (`proxy_pass $upstream`), or Envoy's dynamic forward proxy,
 * forwards wherever the request says: unknown.
 */

import { isRecord } from "../core/objects";
import { structuredValue } from "../kubernetes/values";
import type { AdapterSettings } from "../core/types";
import type { ProxyProduct } from "./relay-images";

export interface ProxyTargets {
  /** Hosts (names or addresses) the proxy forwards to, with a port when written. */
  targets: Array<{ host: string; port: number | null }>;
  /** Why some traffic goes to a target the configuration does not name, or null. */
  unknown: string | null;
}

const MAX_WALK = 20_000;
const BIND_ADDRESSES: ReadonlySet<string> = new Set(["0.0.0.0", "::", "[::]"]);

function hostPort(text: string): { host: string; port: number | null } | null {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "" || trimmed.startsWith("unix:")) return null;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
  if (bracket) return { host: bracket[1], port: bracket[2] ? Number(bracket[2]) : null };
  const match = /^([^:/\s]+)(?::(\d+))?$/.exec(trimmed);
  return match ? { host: match[1].replace(/\.+$/, ""), port: match[2] ? Number(match[2]) : null } : null;
}

function nginxTargets(text: string): ProxyTargets {
  const config = text.replace(/#[^\n]*/g, "");
  const upstreams = new Map<string, Array<{ host: string; port: number | null }>>();
  for (const block of config.matchAll(/\bupstream\s+([A-Za-z0-9_.-]+)\s*\{([^}]*)\}/g)) {
    const servers: Array<{ host: string; port: number | null }> = [];
    for (const server of block[2].matchAll(/\bserver\s+([^\s;]+)/g)) {
      const parsed = hostPort(server[1]);
      if (parsed) servers.push(parsed);
    }
    upstreams.set(block[1], servers);
  }
  const result: ProxyTargets = { targets: [], unknown: null };
  for (const pass of config.matchAll(/\b(?:proxy_pass|grpc_pass)\s+([^\s;]+)\s*;/g)) {
    const value = pass[1];
    if (value.includes("$")) {
      result.unknown ??= `it forwards to \`${value}\`, chosen per request`;
      continue;
    }
    const authority = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split("/")[0];
    const named = upstreams.get(authority);
    if (named) {
      result.targets.push(...named);
      continue;
    }
    const parsed = hostPort(authority);
    if (parsed) result.targets.push(parsed);
  }
  return result;
}

function haproxyTargets(text: string): ProxyTargets {
  const result: ProxyTargets = { targets: [], unknown: null };
  for (const line of text.replace(/#[^\n]*/g, "").split("\n")) {
    const server = /^\s*server\s+\S+\s+(\S+)/.exec(line) ?? /^\s*server-template\s+\S+\s+\S+\s+(\S+)/.exec(line);
    if (!server) continue;
    const parsed = hostPort(server[1]);
    if (parsed) result.targets.push(parsed);
  }
  return result;
}

function envoyTargets(text: string, settings: AdapterSettings): ProxyTargets {
  const result: ProxyTargets = { targets: [], unknown: null };
  const value = structuredValue(text, settings);
  if (value === null) return result;
  let visited = 0;
  // only upstream clusters: listeners and the admin interface have socket addresses too
  const walk = (node: unknown, inCluster: boolean): void => {
    if (visited++ > MAX_WALK || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      for (const child of node) walk(child, inCluster);
      return;
    }
    const record = node as Record<string, unknown>;
    if (inCluster && isRecord(record.socket_address) && typeof record.socket_address.address === "string") {
      const port = typeof record.socket_address.port_value === "number" ? record.socket_address.port_value : null;
      const parsed = hostPort(record.socket_address.address);
      if (parsed && !BIND_ADDRESSES.has(parsed.host)) result.targets.push({ host: parsed.host, port });
    }
    if (typeof record.name === "string" && record.name.includes("dynamic_forward_proxy")) {
      result.unknown ??= "its dynamic forward proxy sends each request to the host the request names";
    }
    for (const [key, child] of Object.entries(record)) walk(child, inCluster || key === "clusters");
  };
  walk(value, false);
  return result;
}

/** The targets a proxy's configuration files name. */
export function proxyTargets(product: ProxyProduct, files: string[], settings: AdapterSettings): ProxyTargets {
  const result: ProxyTargets = { targets: [], unknown: null };
  for (const text of files) {
    const found = product === "nginx" ? nginxTargets(text) : product === "haproxy" ? haproxyTargets(text) : envoyTargets(text, settings);
    result.targets.push(...found.targets);
    result.unknown ??= found.unknown;
  }
  return result;
}
