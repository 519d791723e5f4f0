import type { AdapterSettings } from "../../../src/adapters/types";

/** Adapter settings of the Kubernetes adapter tests: a dozen real operator hosts and provider variables. */
export const settings: AdapterSettings = {
  configClassification: null,
  knownHosts: new Set([
    "api.openai.com",
    "api.anthropic.com",
    "api.deepseek.com",
    "api.moonshot.ai",
    "api.moonshot.cn",
    "dashscope.aliyuncs.com",
    "dashscope-intl.aliyuncs.com",
    "open.bigmodel.cn",
    "api.z.ai",
    "api.minimax.io",
    "openrouter.ai",
    "generativelanguage.googleapis.com",
    "api.mistral.ai",
    "integrate.api.nvidia.com",
    "ollama.com",
  ]),
  keyVars: new Set([
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "DEEPSEEK_API_KEY",
    "MOONSHOT_API_KEY",
    "DASHSCOPE_API_KEY",
    "OPENROUTER_API_KEY",
  ]),
  baseUrlVars: new Set([
    "OPENAI_BASE_URL",
    "OPENAI_API_BASE",
    "ANTHROPIC_BASE_URL",
    "DEEPSEEK_API_BASE",
    "MOONSHOT_API_BASE",
    "DASHSCOPE_API_BASE",
  ]),
};
