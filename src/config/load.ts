import { readFileSync } from "node:fs";
import { DEFAULT_PARSE_LIMITS } from "../parse/limits";
import { decodeText, parseText } from "../parse/parse-text";
import { describeSchemaErrors, validator } from "../schemas";

export interface ProjectConfig {
  policy?: Record<string, unknown>;
}

/** A configuration file that cannot be used: every message names the file, position and JSON pointer. */
export class ConfigError extends Error {
  constructor(readonly details: string[]) {
    super(details.join("\n"));
    this.name = "ConfigError";
  }
}

export function loadConfig(file: string, display: string): ProjectConfig {
  let text: string;
  try {
    text = decodeText(display, readFileSync(file), DEFAULT_PARSE_LIMITS);
  } catch (error) {
    throw new ConfigError([`${display}: ${(error as Error).message}`]);
  }
  const parsed = parseText(display, text, DEFAULT_PARSE_LIMITS);
  if (parsed.errors.length > 0) throw new ConfigError(parsed.errors.map((e) => e.toString()));
  if (parsed.documents.length !== 1) throw new ConfigError([`${display}: expected exactly one YAML document, found ${parsed.documents.length}`]);
  const doc = parsed.documents[0]!;
  const validate = validator("config");
  if (!validate(doc.value)) {
    throw new ConfigError(
      describeSchemaErrors(validate.errors).map((error) => {
        const { line, column } = doc.locate(error.pointer);
        return `${display}:${line}:${column}: ${error.pointer || "/"} ${error.message}`;
      }),
    );
  }
  return doc.value as ProjectConfig;
}

/** Bundle data with the config's policy keys replacing the bundle's, validated as a whole. */
export function applyConfig(data: Record<string, unknown>, config: ProjectConfig, display: string): Record<string, unknown> {
  if (!config.policy) return data;
  const modelgate = (data.modelgate ?? {}) as Record<string, unknown>;
  const policy = { ...(modelgate.policy as Record<string, unknown>), ...config.policy };
  const validate = validator("org-policy");
  if (!validate(policy)) {
    throw new ConfigError(describeSchemaErrors(validate.errors).map((e) => `${display}: policy${e.pointer} ${e.message}`));
  }
  return { ...data, modelgate: { ...modelgate, policy } };
}
