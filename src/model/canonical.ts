/**
 * The canonical LLM-usage model. Every adapter turns its input format into
 * `LlmUsageDocument`s, and every rule reads only these documents, so a new
 * input format never touches a rule. The types are generated from
 * schemas/llm-usage.schema.json into ./canonical.generated.ts (`npm run gen:model`,
 * checked fresh by `npm test`); this module adds the hand-written helpers.
 */
import type { LlmUsageDocument, Limits } from "./canonical.generated";

export type * from "./canonical.generated";

export const CANONICAL_API_VERSION: LlmUsageDocument["apiVersion"] = "modelgate.dev/v1";

export function emptyLimits(): Limits {
  return { caps: [], maxTokensPerRequest: null, origin: null };
}
