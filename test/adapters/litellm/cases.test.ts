/**
 * LiteLLM adapter cases (see test/helpers/cases.ts for the case format), and which ConfigMaps the
 * LiteLLM adapters claim.
 */

import path from "node:path";
import { litellmConfigAdapter, litellmConfigMapAdapter } from "../../../src/adapters/litellm";
import type { ParsedDocument } from "../../../src/parse/document";
import { DEFAULT_PARSE_LIMITS } from "../../../src/parse/limits";
import { parseText } from "../../../src/parse/parse-text";
import { describeAdapterCases } from "../../helpers/cases";
import { CATALOG } from "../../helpers/catalog";

describeAdapterCases("LiteLLM adapter cases", path.join(__dirname, "cases"), 15);

describe("ConfigMap claiming", () => {
  const parse = (text: string): ParsedDocument => parseText("cm.yaml", text, DEFAULT_PARSE_LIMITS).documents[0];

  test("a ConfigMap without a LiteLLM config is left to other adapters", () => {
    const doc = parse(
      ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: app}", "data:", "  LOG_LEVEL: info", "  notes: |", "    the model_list lives elsewhere", ""].join(
        "\n",
      ),
    );
    expect(litellmConfigMapAdapter.claim(doc, CATALOG)).toBeNull();
    expect(litellmConfigAdapter.claim(doc, CATALOG)).toBeNull();
  });

  test("a ConfigMap whose model_list is nested deeper is not a LiteLLM config", () => {
    const doc = parse(
      ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: app}", "data:", "  app.yaml: |", "    llm:", "      model_list: [a, b]", ""].join("\n"),
    );
    expect(litellmConfigMapAdapter.claim(doc, CATALOG)).toBeNull();
  });

  test("a ConfigMap with a LiteLLM config is claimed", () => {
    const doc = parse(["apiVersion: v1", "kind: ConfigMap", "metadata: {name: proxy}", "data:", "  config.yaml: |", "    model_list: []", ""].join("\n"));
    expect(litellmConfigMapAdapter.claim(doc, CATALOG)).not.toBeNull();
    expect(litellmConfigAdapter.claim(doc, CATALOG)).toBeNull();
  });

  test("a map with model_list that is not a list and no settings section is not claimed", () => {
    expect(litellmConfigAdapter.claim(parse("model_list: 3\n"), CATALOG)).toBeNull();
    expect(litellmConfigAdapter.claim(parse("model_list: 3\nlitellm_settings: {}\n"), CATALOG)).not.toBeNull();
  });
});
