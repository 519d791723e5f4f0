/**
 * Where a reverse proxy forwards, read from its configuration as mounted from ConfigMaps:
 *   - nginx / OpenResty: `proxy_pass` and `grpc_pass` URLs, through `upstream NAME { server ...; }`;
 *   - HAProxy: `server NAME HOST:PORT` (and `server-template`) lines;
 *   - Envoy: every `socket_address.address` of its (static) clusters;
 *   - Caddy: `reverse_proxy` upstreams (and `to` lines) of a Caddyfile, `upstreams[].dial` of a
 *     JSON config, `caddy reverse-proxy --to` on the command line;
 *   - socat: the connecting address of its command line (`TCP:host:port`, `OPENSSL:host:port`).
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

/** A Caddy upstream as written: `https://host`, `host:port`, `h2c://host:port`; placeholders are unknown. */
function caddyUpstream(word: string, result: ProxyTargets): void {
  if (word.includes("{")) {
    result.unknown ??= `it forwards to \`${word}\`, a placeholder filled in at run time`;
    return;
  }
  const parsed = hostPort(word.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split("/")[0]);
  if (parsed) result.targets.push(parsed);
}

/** Caddy's JSON config: every `reverse_proxy` handler's upstreams; dynamic upstreams are unknown. */
function caddyJsonTargets(value: unknown, result: ProxyTargets): void {
  let visited = 0;
  const walk = (node: unknown): void => {
    if (visited++ > MAX_WALK || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      for (const child of node) walk(child);
      return;
    }
    const record = node as Record<string, unknown>;
    if (record.handler === "reverse_proxy") {
      if (record.dynamic_upstreams !== undefined) result.unknown ??= "its dynamic upstreams are looked up at run time";
      for (const upstream of Array.isArray(record.upstreams) ? record.upstreams : []) {
        if (isRecord(upstream) && typeof upstream.dial === "string") caddyUpstream(upstream.dial, result);
      }
    }
    for (const child of Object.values(record)) walk(child);
  };
  walk(value);
}

/** Words of a Caddyfile line after `reverse_proxy`, skipping a matcher (`@name`, `/path*`, `*`). */
function caddyfileTargets(text: string, result: ProxyTargets): void {
  let inProxy = 0;
  let depth = 0;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") continue;
    const words = line.split(/\s+/);
    const opens = words.filter((w) => w === "{").length;
    const closes = words.filter((w) => w === "}").length;
    if (words[0] === "reverse_proxy" || words[0] === "reverse-proxy") {
      const args = words.slice(1).filter((w) => w !== "{" && w !== "}");
      const upstreams = args.length > 0 && /^(@|\/|\*$)/.test(args[0]) ? args.slice(1) : args;
      for (const word of upstreams) caddyUpstream(word, result);
      if (opens > closes) inProxy = depth + 1;
    } else if (inProxy > 0 && depth === inProxy) {
      if (words[0] === "to") for (const word of words.slice(1)) caddyUpstream(word, result);
      if (words[0] === "dynamic") result.unknown ??= `its \`dynamic ${words[1] ?? ""}\` upstreams are looked up at run time`;
    }
    depth += opens - closes;
    if (inProxy > 0 && depth < inProxy) inProxy = 0;
  }
}

function caddyTargets(text: string): ProxyTargets {
  const result: ProxyTargets = { targets: [], unknown: null };
  // the CLI: `caddy reverse-proxy --from :8080 --to https://api.example.com`
  const cli = /(?:^|\s)reverse-proxy\s/.test(text) && !text.includes("\n");
  if (cli) {
    const words = text.split(/\s+/);
    words.forEach((word, i) => {
      if (word === "--to" && i + 1 < words.length) caddyUpstream(words[i + 1], result);
      else if (word.startsWith("--to=")) caddyUpstream(word.slice(5), result);
    });
    return result;
  }
  if (text.trimStart().startsWith("{")) {
    try {
      caddyJsonTargets(JSON.parse(text), result);
      return result;
    } catch {
      // a Caddyfile may open with a global options block `{ ... }`
    }
  }
  caddyfileTargets(text, result);
  return result;
}

/** socat's addresses that connect out (the listening one is `TCP-LISTEN:`, `OPENSSL-LISTEN:`). */
const SOCAT_CONNECT = /^(?:tcp[46]?|tcp-connect|openssl|openssl-connect|ssl|proxy):(.*)$/i;

function socatTargets(text: string): ProxyTargets {
  const result: ProxyTargets = { targets: [], unknown: null };
  for (const word of text.split(/\s+/)) {
    const match = SOCAT_CONNECT.exec(word.replace(/^['"]|['"]$/g, ""));
    if (!match) continue;
    // `PROXY:proxyhost:target:port` connects through an HTTP proxy: both hosts see the traffic
    const fields = match[1].split(",")[0].split(":");
    const hosts = word.toLowerCase().startsWith("proxy:") ? [fields[0], fields[1]] : [fields[0]];
    const port = /^\d+$/.test(fields[fields.length - 1] ?? "") ? Number(fields[fields.length - 1]) : null;
    for (const host of hosts) {
      if (host === undefined || host === "") continue;
      if (host.includes("$")) {
        result.unknown ??= `it connects to \`${host}\`, filled in at run time`;
        continue;
      }
      const parsed = hostPort(host);
      if (parsed) result.targets.push({ host: parsed.host, port });
    }
  }
  return result;
}

function targetsOf(product: ProxyProduct, text: string, settings: AdapterSettings): ProxyTargets {
  switch (product) {
    case "nginx":
      return nginxTargets(text);
    case "haproxy":
      return haproxyTargets(text);
    case "envoy":
      return envoyTargets(text, settings);
    case "caddy":
      return caddyTargets(text);
    case "socat":
      return socatTargets(text);
  }
}

/** The targets a proxy's configuration files name. */
export function proxyTargets(product: ProxyProduct, files: string[], settings: AdapterSettings): ProxyTargets {
  const result: ProxyTargets = { targets: [], unknown: null };
  for (const text of files) {
    const found = targetsOf(product, text, settings);
    result.targets.push(...found.targets);
    result.unknown ??= found.unknown;
  }
  return result;
}
