/**
 * The catalogue sections adapters read besides operators (policies/data/providers.json `gateways`,
 * `unassignedPrefixes`, `forwarders`, `weightHubs`) point at what the catalogue knows: a gateway's
 * provider names map to prefixes some operator (or the unassigned list) has, its fixed URLs are
 * operator hosts, and no prefix is both an operator's and unassigned.
 */

import { loadCatalogs } from "../../src/catalog/load";

const providers = loadCatalogs().providers;
const operatorPrefixes = new Set(providers.operators.flatMap((op) => op.sdkPrefixes ?? []));
const unassigned = new Set(providers.unassignedPrefixes?.prefixes ?? []);
const known = new Set([...operatorPrefixes, ...unassigned, ...providers.genericPrefixes, ...Object.keys(providers.localPrefixes)]);
const hosts = new Set(providers.operators.flatMap((op) => op.hosts));
const gateways = Object.entries(providers.gateways ?? {});

describe("catalogue sections adapters read", () => {
  test("there are gateways, forwarders and weight hubs", () => {
    expect(gateways.map(([id]) => id).sort()).toEqual(expect.arrayContaining(["cloudflare-ai-gateway", "kong", "portkey"]));
    expect(Object.keys(providers.forwarders?.relayImages ?? {}).length).toBeGreaterThan(0);
    expect(Object.keys(providers.weightHubs?.hosts ?? {}).length).toBeGreaterThan(0);
  });

  test.each(gateways)("%s names only prefixes the catalogue knows", (_, gateway) => {
    const targets = [...Object.values(gateway.providerNames), ...(gateway.modelPrefix ? [gateway.modelPrefix] : [])];
    expect(targets.filter((prefix) => !known.has(prefix))).toEqual([]);
  });

  test.each(gateways)("%s sends its fixed URLs and host roles to operator hosts", (_, gateway) => {
    const urls = Object.values(gateway.endpoints ?? {}).map((url) => new URL(url).hostname);
    expect([...urls, ...Object.keys(gateway.hostRoles ?? {})].filter((host) => !hosts.has(host))).toEqual([]);
  });

  test("no prefix is both an operator's and unassigned", () => {
    expect([...unassigned].filter((prefix) => operatorPrefixes.has(prefix))).toEqual([]);
  });

  test("aggregators with a routing format have a default endpoint", () => {
    const missing = providers.operators.filter((op) => op.routingFormat !== undefined && !op.defaultEndpoint).map((op) => op.id);
    expect(missing).toEqual([]);
  });
});
