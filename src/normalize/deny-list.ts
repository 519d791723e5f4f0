/**
 * Words that make a key, variable or flag a deny list (Cilium `egressDeny`, `BLOCKED_HOSTS`,
 * `--blocked-hosts`, a `denylist`): the hosts in it are where traffic may NOT go, the opposite of
 * a route. The Kubernetes adapter and the residual sweep
 * both read names with it.
 */
const DENY_WORDS: ReadonlySet<string> = new Set([
  "deny",
  "denied",
  "denylist",
  "block",
  "blocked",
  "blocklist",
  "blacklist",
  "disallow",
  "disallowed",
  "forbid",
  "forbidden",
]);

/** `egressDeny`, `EGRESS_DENYLIST`, `blocked-hosts`, `deny_list`: split at case changes and separators. */
export function isDenyListName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => DENY_WORDS.has(word));
}
