/**
 * Organisation-policy lists that a configuration (modelgate.yaml `policy:`, the Pulumi pack's
 * options) adds to instead of replacing: the internal networks and domains, which extend the
 * built-in private ranges and special-use names (policies/lib/operators.rego), and their
 * exclusions, the one explicit way to take an address or name back.
 */
export const ADDITIVE_POLICY_KEYS = ["internalNetworks", "internalDomains", "internalNetworksExclude", "internalDomainsExclude"] as const;

/** `base` with `overrides` applied: keys replace, except the additive lists, which are joined (base first, no duplicates). */
export function applyPolicyKeys(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const policy: Record<string, unknown> = { ...base, ...overrides };
  for (const key of ADDITIVE_POLICY_KEYS) {
    const added = overrides[key];
    const existing = base[key];
    if (Array.isArray(added) && Array.isArray(existing)) policy[key] = [...new Set([...(existing as unknown[]), ...(added as unknown[])])];
  }
  return policy;
}
