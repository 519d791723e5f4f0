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
    for (const route of documents[0]!.routes) {
      expect(route.routing).toEqual({});
      expect(route.limits.budgetUsd).toBeNull();
    }
  });

  test("an assigned guardrail restricts the routes of the key it is assigned to, naming itself", async () => {
    const { documents } = await adaptCase(path.join(CASES, "pulumi-guarded-key"));
    const route = documents[0]!.routes[0]!;
    expect(route.routing).toMatchObject({ only: ["anthropic", "openai", "together", "fireworks"], dataCollection: "deny" });
    expect(route.routing?.constraintSource).toContain("usOnly");
    expect(route.limits).toMatchObject({ budgetUsd: 300, budgetPeriodDays: 30 });
  });

  test("the tightest of key limit, guardrail limit and workspace budget wins", async () => {
    const { documents } = await adaptCase(path.join(CASES, "pulumi-member-default-budget"));
    // analyst: guardrail $20/day ($600/month) vs workspace $70/week ($300/month)
    expect(documents.map((d) => d.routes[0]!.limits)).toMatchObject([
      { budgetUsd: 70, budgetPeriodDays: 7 },
      { budgetUsd: 70, budgetPeriodDays: 7 },
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
