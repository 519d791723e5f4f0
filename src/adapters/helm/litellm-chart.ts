/**
 * LiteLLM chart values (github.com/BerriAI/litellm, deploy/charts/litellm-helm): the chart writes
 * `proxy_config` into the ConfigMap the proxy reads as its config.yaml, so `proxy_config` is a
 * LiteLLM proxy config and is read by the LiteLLM config adapter, at its lines in the values file.
 */

import { litellmConfigAdapter } from "../litellm";
import { isLiteLLMConfig } from "../litellm/recognise";
import { isKubeObject, isRecord } from "../core/objects";
import type { Adapter, Claimed } from "../core/types";
import { adaptEmbedded, claimEmbedded, type EmbeddedClaim } from "./embedded";

export const litellmChartValuesAdapter: Adapter<EmbeddedClaim> = {
  name: "litellm-chart-values",
  claim(doc, catalog): Claimed<EmbeddedClaim> | null {
    const value = doc.value;
    if (!isRecord(value) || isKubeObject(value) || !isLiteLLMConfig(value.proxy_config)) return null;
    const claim = claimEmbedded({ holder: doc, pointer: "/proxy_config" }, value.proxy_config, [litellmConfigAdapter], catalog);
    return claim === null ? null : { doc, value: claim };
  },
  adapt: ({ value }, ctx) => adaptEmbedded(value, ctx),
};
