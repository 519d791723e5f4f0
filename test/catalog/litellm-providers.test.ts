/**
 * The recognised provider prefixes follow LiteLLM's own provider list (recorded with its commit and
 * date in policies/data/providers.json): every name on it is an operator's prefix, a generic or
 * local one, or unassigned, so a prefix LiteLLM adds is never mistaken for a self-hosted server.
 */
import { loadCatalogs } from "../../src/catalog/load";
import { CATALOG } from "../helpers/catalog";

const providers = loadCatalogs().providers;
const litellm = providers.litellmProviders;

describe("LiteLLM provider list", () => {
  it("is recorded with the commit and date it was read at", () => {
    expect(litellm?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(litellm?.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(litellm?.providers.length).toBeGreaterThanOrEqual(100);
  });

  it("has every provider classified", () => {
    const local = new Set(Object.keys(providers.localPrefixes));
    const unassigned = new Set(providers.unassignedPrefixes?.prefixes ?? []);
    const unclassified = (litellm?.providers ?? []).filter(
      (name) => CATALOG.operatorOfPrefix(name) === null && !CATALOG.genericPrefixes.has(name) && !local.has(name) && !unassigned.has(name),
    );
    expect(unclassified).toEqual([]);
  });

  it("is recognised as a prefix, and only a listed local prefix defaults to a local server", () => {
    for (const name of litellm?.providers ?? []) expect(CATALOG.sdkPrefixes.has(name)).toBe(true);
    const local = Object.keys(providers.localPrefixes);
    expect(local.filter((name) => !["ollama", "ollama_chat", "vllm", "lm_studio"].includes(name))).toEqual([]);
  });

  it.each([
    ["chatgpt", "openai"],
    ["elevenlabs", "elevenlabs"],
    ["bedrock_mantle", "aws-bedrock"],
    ["text-completion-codestral", "mistral"],
    ["azure_text", "azure-openai"],
    ["anthropic_text", "anthropic"],
  ])("%s/ resolves to %s", (prefix, operator) => {
    expect(CATALOG.operatorOfPrefix(prefix)?.id).toBe(operator);
  });
});
