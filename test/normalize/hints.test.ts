/**
 * Name hints: which variable names carry a catalogue word, and which routes get them. Rows state
 * only what they check; the words come from the real catalogue.
 */

import { attachNameHints, MAX_NAME_HINTS, nameHints } from "../../src/normalize/hints";
import { newRoute } from "../../src/adapters/core/route";
import { CATALOG } from "../helpers/catalog";

const words = CATALOG.envWords;

describe("nameHints", () => {
  it.each([
    ["DEEPSEEK_API_KEY", "DEEPSEEK"],
    ["VOLCES_REGION", "VOLCES"],
    ["ARK_MODEL_ID", "ARK"],
    ["MY_DASHSCOPE_TOKEN", "DASHSCOPE"],
    ["zhipuai_api_key", "ZHIPUAI"],
    ["QIANFAN_AK", "QIANFAN"],
    ["HUNYUAN_SECRET", "HUNYUAN"],
    ["XIAOMI_MIMO_KEY", "XIAOMI"],
  ])("%s carries %s", (name, word) => {
    expect(nameHints([name], words)).toEqual([{ variable: name, word }]);
  });

  it.each(["SPARK_HOME", "DARK_MODE", "ARKIME_URL", "OPENAI_API_KEY", "LOG_LEVEL", "DEEPSEEKER"])("%s carries no word", (name) => {
    expect(nameHints([name], words)).toEqual([]);
  });

  it("keeps the order given, one hint per name, at most MAX_NAME_HINTS", () => {
    const names = Array.from({ length: MAX_NAME_HINTS + 10 }, (_, i) => `DEEPSEEK_VAR_${i}`);
    const hints = nameHints([names[1], names[0], names[1], ...names], words);
    expect(hints.slice(0, 2).map((hint) => hint.variable)).toEqual([names[1], names[0]]);
    expect(hints).toHaveLength(MAX_NAME_HINTS);
  });
});

describe("attachNameHints", () => {
  it("sets hints only on routes whose endpoint is hidden", () => {
    const hidden = newRoute({
      id: "a",
      via: "a",
      source: { file: "f", line: 1, column: 1, pointer: "" },
      endpoint: { endpoint: null, unresolvedEndpoint: { raw: "${BASE}", reason: "environment reference ${BASE}" } },
    });
    const written = newRoute({
      id: "b",
      via: "b",
      source: { file: "f", line: 1, column: 1, pointer: "" },
      endpoint: { endpoint: null, unresolvedEndpoint: null },
    });
    written.endpoint = { host: "api.openai.com" } as never;
    attachNameHints([hidden, written], ["VOLCES_REGION", "LOG_LEVEL"], words);
    expect(hidden.nameHints).toEqual([{ variable: "VOLCES_REGION", word: "VOLCES" }]);
    expect(written.nameHints).toBeUndefined();
  });
});
