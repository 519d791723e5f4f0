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
import { stripTrailing } from "../../normalize/trim";

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
  return match ? { host: stripTrailing(match[1], "."), port: match[2] ? Number(match[2]) : null } : null;
}

/**
 * nginx configuration as tokens: words, and the `{`, `}` and `;` that structure it. Read token by
 * token rather than with patterns spanning blocks: `upstream\s+NAME\s*\{[^}]*\}` rescans the rest
 * of the text from every `upstream` when a block is never closed.
 */
function nginxTokens(text: string): string[] {
  return text.replace(/#[^\n]*/g, "").match(/[^\s{};]+|[{};]/g) ?? [];
}

function nginxTargets(text: string): ProxyTargets {
  const tokens = nginxTokens(text);
  const upstreams = new Map<string, Array<{ host: string; port: number | null }>>();
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i] !== "upstream" || tokens[i + 2] !== "{") continue;
    const servers: Array<{ host: string; port: number | null }> = [];
    let j = i + 3;
    for (; j < tokens.length && tokens[j] !== "}" && tokens[j] !== "{"; j++) {
      if (tokens[j] !== "server" || j + 1 >= tokens.length) continue;
      const parsed = hostPort(tokens[j + 1]);
      if (parsed) servers.push(parsed);
    }
    // an upstream block ends at its `}`; one that never closes names no servers, as before
    if (tokens[j] === "}") upstreams.set(tokens[i + 1], servers);
    i = j - 1;
  }
  const result: ProxyTargets = { targets: [], unknown: null };
  for (let i = 0; i + 2 < tokens.length; i++) {
    if ((tokens[i] !== "proxy_pass" && tokens[i] !== "grpc_pass") || tokens[i + 2] !== ";") continue;
    const value = tokens[i + 1];
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
