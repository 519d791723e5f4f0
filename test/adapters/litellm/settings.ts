import type { AdapterSettings } from "../../../src/adapters/types";

/** Adapter settings for the LiteLLM cases: no classification from config. */
export const settings: AdapterSettings = {
  configClassification: null,
  knownHosts: new Set([
    "api.openai.com",
    "api.anthropic.com",
    "generativelanguage.googleapis.com",
    "api.mistral.ai",
    "openrouter.ai",
    "api.deepseek.com",
    "api.moonshot.cn",
    "api.moonshot.ai",
    "dashscope.aliyuncs.com",
    "dashscope-intl.aliyuncs.com",
    "open.bigmodel.cn",
    "api.z.ai",
    "api.minimax.io",
    "api.minimaxi.com",
    "ark.cn-beijing.volces.com",
    "api.siliconflow.cn",
  ]),
  keyVars: new Set([
    "DEEPSEEK_API_KEY",
    "OPENAI_API_KEY",
    "OPENROUTER_API_KEY",
    "MOONSHOT_API_KEY",
    "DASHSCOPE_API_KEY",
    "ANTHROPIC_API_KEY",
    "ZAI_API_KEY",
  ]),
  baseUrlVars: new Set([
    "OPENAI_BASE_URL",
    "OPENAI_API_BASE",
    "DEEPSEEK_API_BASE",
    "MOONSHOT_API_BASE",
    "DASHSCOPE_API_BASE",
    "OPENROUTER_API_BASE",
    "ANTHROPIC_BASE_URL",
  ]),
};
