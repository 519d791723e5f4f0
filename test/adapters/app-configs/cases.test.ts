/**
 * App-config adapter cases (see test/helpers/cases.ts for the case format), and the readers they
 * rest on: TOML and INI positions and errors, and which keys of a config are LLM entries.
 */

import path from "node:path";
import { readConfig, readConfigText, syntaxOfName } from "../../../src/adapters/app-configs";
import { describeAdapterCases } from "../../helpers/cases";
import { CATALOG } from "../../helpers/catalog";

describeAdapterCases("App config adapter cases", path.join(__dirname, "cases"), 7);

const notLlmHost = (): boolean => false;

function entriesOf(name: string, text: string): Array<{ label: string; url: string | null; provider: string | null }> {
  const syntax = syntaxOfName(name);
  if (syntax === null) throw new Error(`no syntax for ${name}`);
  const config = readConfigText(name, text, syntax);
  expect(config.errors).toEqual([]);
  return readConfig(config.value, name, CATALOG, notLlmHost).entries.map((entry) => ({
    label: entry.label,
    url: entry.url?.raw ?? null,
    provider: entry.provider?.prefix ?? null,
  }));
}

describe("config syntaxes", () => {
  test("the syntax is the file or key name's", () => {
    expect(syntaxOfName("librechat.yaml")).toBe("yaml");
    expect(syntaxOfName(".aider.conf.yml")).toBe("yaml");
    expect(syntaxOfName("settings.json")).toBe("json");
    expect(syntaxOfName("config.toml")).toBe("toml");
    expect(syntaxOfName("app.ini")).toBe("ini");
    expect(syntaxOfName("nginx.conf")).toBeNull();
  });

  test("TOML keys are located at their lines, tables of arrays by index", () => {
    const text = [
      "[GENERAL]",
      'KEEP_ALIVE = "5m"',
      "",
      "[MODELS.OLLAMA]",
      'API_URL = "http://ollama:11434" # comment',
      "",
      "[[llm.backends]]",
      'url = "a"',
      "[[llm.backends]]",
      'url = "b"',
    ].join("\n");
    const config = readConfigText("config.toml", text, "toml");
    expect(config.value).toEqual({
      GENERAL: { KEEP_ALIVE: "5m" },
      MODELS: { OLLAMA: { API_URL: "http://ollama:11434" } },
      llm: { backends: [{ url: "a" }, { url: "b" }] },
    });
    expect(config.locate("/MODELS/OLLAMA/API_URL")).toEqual({ line: 5, column: 11 });
    expect(config.locate("/MODELS/OLLAMA")).toMatchObject({ line: 4 });
    expect(config.locate("/llm/backends/1/url")).toMatchObject({ line: 10 });
    // a pointer that has no line of its own falls back to its nearest located ancestor
    expect(config.locate("/MODELS/OLLAMA/nothing")).toMatchObject({ line: 4 });
  });

  test("a multi-line TOML string hides key-looking lines", () => {
    const text = ["[a]", 'notes = """', 'model = "not a key"', '"""', 'model = "gpt-4o"'].join("\n");
    const config = readConfigText("c.toml", text, "toml");
    expect(config.locate("/a/model")).toMatchObject({ line: 5 });
  });

  test("bad TOML is an error at its line", () => {
    const config = readConfigText("c.toml", '[a]\nb = "x"\nc = [1,\n', "toml");
    expect(config.value).toBeNull();
    expect(config.errors).toHaveLength(1);
    expect(config.errors[0]).toMatchObject({ line: 4 });
  });

  test("INI sections, entries, quotes and comments, with lines", () => {
    const text = ["; top comment", "debug = true", "[llm]", 'base_url = "https://api.deepseek.com/v1"', "model: deepseek-chat ; inline", "# end"].join("\n");
    const config = readConfigText("app.ini", text, "ini");
    expect(config.value).toEqual({ debug: "true", llm: { base_url: "https://api.deepseek.com/v1", model: "deepseek-chat" } });
    expect(config.locate("/llm/base_url")).toMatchObject({ line: 4 });
    expect(config.locate("/llm/model")).toMatchObject({ line: 5 });
  });

  test("an indented INI line continues the value above it", () => {
    const config = readConfigText("app.ini", "[llm]\nmodels =\n    gpt-4o\n    gpt-4o-mini\nbase_url = https://x\n", "ini");
    expect(config.errors).toEqual([]);
    expect(config.value).toEqual({ llm: { models: "\ngpt-4o\ngpt-4o-mini", base_url: "https://x" } });
  });

  test("an INI line that is nothing INI knows is an error at its line", () => {
    const config = readConfigText("app.ini", "[llm]\nbase_url = https://x\nthis is not ini\n", "ini");
    expect(config.value).toBeNull();
    expect(config.errors).toEqual([expect.objectContaining({ line: 3 })]);
  });

  test("a config longer than the bound is not read", () => {
    const config = readConfigText("big.yaml", "a: b\n".repeat(200_000), "yaml");
    expect(config.value).toBeNull();
    expect(config.errors).toHaveLength(1);
  });
});

describe("LLM entries of a config", () => {
  test("url and model keys of unrelated apps are no entries", () => {
    expect(entriesOf("datasources.yaml", "datasources:\n  - name: Prometheus\n    url: http://prometheus:9090\n")).toEqual([]);
    expect(entriesOf("prometheus.yml", "remote_write:\n  - url: https://mimir.example.com/api/v1/push\n")).toEqual([]);
    expect(entriesOf("grafana.ini", "[auth.github]\napi_url = https://api.github.com/user\n[database]\nhost = db:5432\n")).toEqual([]);
    // a data model or an ML model registry is not an LLM call
    expect(entriesOf("app.yaml", "database:\n  model: users\n  url: postgres://db:5432/app\n")).toEqual([]);
    expect(entriesOf("oauth.yaml", "sso:\n  provider: azure\n  url: https://login.microsoftonline.com\n")).toEqual([]);
  });

  test("a base URL under an LLM-ish parent, a provider section or a provider value is an entry", () => {
    expect(entriesOf("app.yaml", "llm:\n  endpoint: http://vllm.ai.svc:8000/v1\n  model: qwen\n")).toEqual([
      { label: "llm", url: "http://vllm.ai.svc:8000/v1", provider: null },
    ]);
    expect(entriesOf("app.yaml", "providers:\n  deepseek:\n    api_key: ${DEEPSEEK_API_KEY}\n")).toEqual([
      { label: "providers.deepseek", url: null, provider: "deepseek" },
    ]);
    expect(entriesOf("app.json", '{"ai": {"provider": "anthropic", "model": "claude-3-5-haiku-latest"}}')).toEqual([
      { label: "ai", url: null, provider: "anthropic" },
    ]);
    expect(entriesOf("app.yaml", "summarizer:\n  model: deepseek/deepseek-chat\n")).toEqual([{ label: "summarizer", url: null, provider: null }]);
  });

  test("a strong base-URL key beside a model is an entry wherever it is", () => {
    expect(entriesOf("app.yaml", "summarizer:\n  base_url: https://llm.example.com/v1\n  model: gpt-4o-mini\n")).toEqual([
      { label: "summarizer", url: "https://llm.example.com/v1", provider: null },
    ]);
  });

  test("a provider section without key or model is not configured", () => {
    expect(entriesOf("config.toml", '[GENERAL]\nKEEP_ALIVE = "5m"\n[MODELS.OPENAI]\nAPI_KEY = ""\n[MODELS.GROQ]\nAPI_KEY = ""\n')).toEqual([]);
  });

  test("LiteLLM-style [llm] sections (OpenHands, agents) and Tabby's [model.chat.http] are entries", () => {
    expect(
      entriesOf(
        "config.toml",
        '[core]\nworkspace_base = "./workspace"\n[llm]\nmodel = "anthropic/claude-3-5-sonnet-20241022"\napi_key = "ENV_VAR:ANTHROPIC_API_KEY"\n',
      ),
    ).toEqual([{ label: "llm", url: null, provider: null }]);
    expect(
      entriesOf(
        "config.toml",
        '[model.chat.http]\nkind = "openai/chat"\nmodel_name = "deepseek-chat"\napi_endpoint = "https://api.deepseek.com/v1"\napi_key = "secret"\n',
      ),
    ).toEqual([{ label: "model.chat.http", url: "https://api.deepseek.com/v1", provider: null }]);
    const config = readConfigText("config.toml", '[llm]\nmodel = "anthropic/claude-3-5-sonnet-20241022"\napi_key = "ENV_VAR:ANTHROPIC_API_KEY"\n', "toml");
    expect(readConfig(config.value, "config.toml", CATALOG, notLlmHost).entries[0]?.keyRefs).toEqual(["ANTHROPIC_API_KEY"]);
  });

  test("aider's .aider.conf.yml is read at its top level", () => {
    expect(entriesOf(".aider.conf.yml", "model: deepseek/deepseek-chat\nopenai-api-base: https://api.deepseek.com\n")).toEqual([
      { label: "(top level)", url: "https://api.deepseek.com", provider: null },
    ]);
  });
});
