/**
 * Portkey gateway configs: nested strategies, fallbacks, custom hosts, virtual keys joined with
 * virtual key exports, configs in x-portkey-config header values. Fixtures under cases/ (see
 * test/helpers/cases.ts).
 */

import path from "node:path";
import { isPortkeyConfig } from "../../../src/adapters/portkey";
import { adaptCase, describeAdapterCases } from "../../helpers/cases";

const CASES = path.join(__dirname, "cases");

describeAdapterCases("Portkey adapter cases", CASES, 9);

describe("Portkey recognition", () => {
  test.each([
    [{ strategy: { mode: "fallback" }, targets: [{ provider: "openai" }] }, true],
    [{ targets: [{ provider: "openai", virtual_key: "x" }] }, true],
    [{ provider: "openai", custom_host: "https://llm.internal/v1" }, true],
    [{ virtualKey: "team-llm" }, true],
    [{ provider: "openai", api_key: "sk-..." }, false],
    [{ provider: "aws", region: "eu-west-1" }, false],
    [{ provider: "deepseek", override_params: { model: "deepseek-chat" } }, true],
    [{ provider: "openai", retry: { attempts: 3 } }, true],
    [{ provider: "openai", override_params: "gpt-4o" }, false],
    [{ provider: "openai", base_url: "https://api.openai.com/v1" }, false],
    [{ apiVersion: "v1", kind: "ConfigMap", targets: [{ provider: "x" }] }, false],
    [{ strategy: "blue-green", targets: ["a", "b"] }, false],
  ])("%j is a Portkey config: %s", (value, expected) => {
    expect(isPortkeyConfig(value)).toBe(expected);
  });

  test("a fallback target reaches every target after it, a load-balanced one none", async () => {
    const { documents } = await adaptCase(path.join(CASES, "nested-fallback-loadbalance"));
    const byId = new Map(documents[0].routes.map((r) => [r.id, r.fallbacks]));
    expect(byId.get("targets/0")).toEqual(["targets/1", "targets/2/targets/0", "targets/2/targets/1"]);
    expect(byId.get("targets/2/targets/0")).toEqual([]);
  });
});
