import { jsonReporter } from "./json";
import { textReporter } from "./text";
import type { Reporter } from "./types";

/** Output formats by name; the CLI's allowed --format values are exactly these keys. */
export const REPORTERS = {
  text: textReporter,
  json: jsonReporter,
} satisfies Record<string, Reporter>;

export type FormatName = keyof typeof REPORTERS;
