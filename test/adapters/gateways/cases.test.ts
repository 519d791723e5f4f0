/**
 * Cloudflare AI Gateway URLs (provider path segment, compat model prefixes, Universal Endpoint,
 * REST `ai/v1`) wherever an endpoint is parsed, and Vercel AI Gateway `providerOptions.gateway`
 * routing. Fixtures under cases/ (see test/helpers/cases.ts).
 */

import path from "node:path";
import { gatewaySdkPrefix } from "../../../src/adapters/core/gateway-path";
import { ADAPTERS } from "../../../src/adapters/registry";
import { isJoinable } from "../../../src/adapters/core/scan-index";
import { readVercelGatewayOptions } from "../../../src/adapters/gateways/vercel";
import type { Endpoint, ModelRef } from "../../../src/model/canonical";
import { normalizeEndpoint } from "../../../src/normalize/endpoint";
import { describeAdapterCases } from "../../helpers/cases";
import { CATALOG } from "../../helpers/catalog";

const CASES = path.join(__dirname, "cases");

function endpoint(url: string): Endpoint {
  const result = normalizeEndpoint(url);
  if (result.kind !== "endpoint") throw new Error(`not an endpoint: ${url}`);
  return result.endpoint;
}

function model(raw: string, id = raw): ModelRef {
  return { id, raw, resolved: true };
}

describeAdapterCases("gateway adapter cases", CASES, 4);

describe("Cloudflare AI Gateway provider", () => {
  const base = "https://gateway.ai.cloudflare.com/v1/4f1c9d2e/prod";
  test.each([
    [`${base}/deepseek`, undefined, "deepseek"],
    [`${base}/openai/chat/completions`, undefined, "openai"],
    [`${base}/workers-ai/@cf/meta/llama-3.1-8b-instruct`, undefined, "workers-ai"],
    [`${base}/google-ai-studio/v1beta/models`, undefined, "gemini"],
    [`${base}/azure-openai/acme/gpt-5`, undefined, "azure"],
    [`${base}/grok/v1`, undefined, "xai"],
    [`${base}/custom-acme-llm/v1`, undefined, "custom-acme-llm"],
    [`${base}/compat`, model("deepseek/deepseek-chat"), "deepseek"],
    [`${base}/compat/chat/completions`, model("google-ai-studio/gemini-2.5-flash"), "gemini"],
    [`${base}/compat`, model("openai/deepseek/deepseek-chat", "deepseek/deepseek-chat"), "deepseek"],
    [`${base}/compat`, model("deepseek/deepseek-chat", "deepseek-chat"), "deepseek"],
    [`${base}/compat`, { id: null, raw: "${MODEL}", resolved: false }, null],
    [`${base}/compat`, model("gpt-5.4"), null],
    [base, model("openai/gpt-5.4"), null],
    ["https://gateway.ai.cloudflare.com/v1/${ACCOUNT}/prod/${PROVIDER}", undefined, null],
    ["https://api.cloudflare.com/client/v4/accounts/4f1c/ai/v1/chat/completions", model("openai/gpt-5.5"), "openai"],
    ["https://api.cloudflare.com/client/v4/accounts/4f1c/ai/v1", model("@cf/meta/llama-3.1-8b-instruct"), "workers-ai"],
    ["https://api.cloudflare.com/client/v4/accounts/4f1c/ai/run/@cf/meta/llama-3.1-8b-instruct", undefined, "workers-ai"],
  ] as Array<[string, ModelRef | undefined, string | null]>)("%s with %j → %s", (url, ref, expected) => {
    expect(gatewaySdkPrefix(endpoint(url), ref, CATALOG)).toBe(expected);
  });

  test.each(["https://api.cloudflare.com/client/v4/accounts/4f1c/ai-gateway/gateways", "https://api.openai.com/v1", "https://openrouter.ai/api/v1"])(
    "%s is not a Cloudflare AI endpoint",
    (url) => {
      expect(gatewaySdkPrefix(endpoint(url), undefined, CATALOG)).toBeUndefined();
    },
  );
});

describe("Vercel AI Gateway options", () => {
  const read = (value: Record<string, unknown>): { routing: unknown; problems: string[] } => {
    const problems: string[] = [];
    const options = readVercelGatewayOptions(value, "/providerOptions/gateway", "gateway", (message) => problems.push(message));
    return { routing: options.routing, problems };
  };

  test.each([
    [{ headquarters: { allow: ["us", "GB"] } }, { headquartersAllow: ["US", "GB"] }],
    [{ headquarters: { deny: ["CN"] } }, { headquartersDeny: ["CN"] }],
    [{ headquarters: ["US"] }, { headquartersAllow: ["US"] }],
    [{ zeroDataRetention: true }, { zdr: true, dataCollection: "deny" }],
    [{ zeroDataRetention: false }, { zdr: false }],
    [{ disallowPromptTraining: true }, { dataCollection: "deny" }],
    [
      { only: ["bedrock"], order: ["bedrock", "anthropic"] },
      { only: ["bedrock"], order: ["bedrock", "anthropic"] },
    ],
  ])("%j → %j", (value, expected) => {
    const { routing, problems } = read(value);
    expect(problems).toEqual([]);
    expect(routing).toEqual(expected);
  });

  test("a headquarters filter that names neither allow nor deny is a problem, not a pass", () => {
    const { routing, problems } = read({ headquarters: { exclude: ["CN"] } });
    expect(routing).toEqual({});
    expect(problems).toEqual(["gateway.headquarters must be {allow: [countries]} or {deny: [countries]}; it names neither"]);
  });
});

describe("documents other files join with", () => {
  test.each([
    [{ data: { slug: "p", designated_version: { config: { model: "openai/gpt-5.4" } } } }, true],
    [{ object: "list", data: [{ object: "virtual-key", slug: "k" }] }, true],
    [{ resource: { openrouter_api_key: { ci: { name: "ci" } } } }, true],
    [{ resource: { aws_lambda_function: { f: { environment: { variables: { K: "${openrouter_api_key.ci.key}" } } } } } }, true],
    [{ resource: { aws_s3_bucket: { b: {} } } }, false],
    [{ model: "openai/gpt-5.4", provider: { only: ["openai"] } }, false],
  ])("%j: %s", (value, expected) => {
    expect(isJoinable(value, CATALOG, ADAPTERS)).toBe(expected);
  });
});
