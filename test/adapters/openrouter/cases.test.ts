/**
 * OpenRouter adapters: request defaults and presets in app configs, keys/guardrails/budgets in
 * Pulumi YAML and Terraform JSON. Fixtures under cases/ (see test/helpers/cases.ts); the
 * explicit tests below pin the behaviours the rules depend on.
 */

import path from "node:path";
import { openrouterTypeOfToken } from "../../../src/adapters/openrouter";
import { adaptCase, describeAdapterCases } from "../../helpers/cases";

const CASES = path.join(__dirname, "cases");

describeAdapterCases("OpenRouter adapter cases", CASES, 12);

describe("OpenRouter keys and guardrails", () => {
  test("an unassigned guardrail constrains nothing", async () => {
    const { documents } = await adaptCase(path.join(CASES, "pulumi-unassigned-guardrail"));
    expect(documents).toHaveLength(1);
    for (const route of documents[0].routes) {
      expect(route.routing).toEqual({});
      expect(route.limits.caps).toEqual([]);
    }
  });

  test("an assigned guardrail restricts the routes of the key it is assigned to, naming itself", async () => {
    const { documents } = await adaptCase(path.join(CASES, "pulumi-guarded-key"));
    const route = documents[0].routes[0];
    expect(route.routing).toMatchObject({ only: ["anthropic", "openai", "together", "fireworks"], dataCollection: "deny" });
    expect(route.routing?.constraintSource).toContain("usOnly");
    expect(route.limits.caps).toEqual([
      { metric: "usd", amount: 300, window: { unit: "months", count: 1 }, scope: "total", origin: "openrouter:index:ApiKey claimsKey limit" },
    ]);
  });

  test("every budget over a key is reported: its own limit, its guardrail's and its workspace's", async () => {
    const { documents } = await adaptCase(path.join(CASES, "pulumi-member-default-budget"));
    // which binds (analyst: $20/day vs $70/week; batch: $500 for its lifetime vs $70/week) is policies/lib/budget.rego's call
    const usd = (amount: number, window: object, origin: string): object => ({ metric: "usd", amount, window, scope: "total", origin });
    const workspace = usd(70, { unit: "days", count: 7 }, "openrouter:index/workspaceBudget:WorkspaceBudget claimsBudget limit_usd");
    expect(documents.map((d) => d.routes[0].limits.caps)).toEqual([
      [usd(20, { unit: "days", count: 1 }, "openrouter:index:Guardrail analysts limit_usd"), workspace],
      [usd(500, { unit: "lifetime", count: null }, "openrouter:index:ApiKey batchKey limit"), workspace],
    ]);
  });

  test("a disabled key makes no calls", async () => {
    const { documents } = await adaptCase(path.join(CASES, "pulumi-member-default-budget"));
    expect(documents.map((d) => d.workload.name)).not.toContain("old");
  });

  test.each([
    ["openrouter:index:ApiKey", "openrouter_api_key"],
    ["openrouter:ApiKey", "openrouter_api_key"],
    ["openrouter:index/apiKey:ApiKey", "openrouter_api_key"],
    ["openrouter:index:GuardrailKeyAssignment", "openrouter_guardrail_key_assignment"],
    ["openrouter:index/workspaceDefaultGuardrail:WorkspaceDefaultGuardrail", "openrouter_workspace_default_guardrail"],
    ["openrouter:index:WorkspaceBudget", "openrouter_workspace_budget"],
    ["openrouter:index:Preset", null],
    ["aws:lambda:Function", null],
  ])("Pulumi type %s is %s", (token, type) => {
    expect(openrouterTypeOfToken(token)).toBe(type);
  });
});
