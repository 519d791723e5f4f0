import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020, { type AnySchema, type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { RuleMeta } from "../catalog/rules";
import { encodePointer } from "../parse/document";
import { paths } from "../paths";

/** One problem of a configuration file, before it is given a position. */
export interface ConfigProblem {
  /** JSON pointer of the offending value, or of the unknown key. */
  pointer: string;
  message: string;
  /** Values or property names that would have been accepted. */
  allowed?: string[];
  /** True when the pointer names a key that should not be there (reported at the key). */
  atKey?: boolean;
}

const CONFIG_SCHEMA = "config.schema.json";
let ajv: Ajv2020 | null = null;
const compiled = new Map<string, ValidateFunction>();

const SCHEMA_REF = /https:\/\/modelgate\.dev\/schemas\/([a-z0-9-]+\.schema\.json)/g;

/**
 * A strict Ajv of its own: `verbose` gives each error its schema, so the allowed names can be
 * listed. Only the schemas the config schema refers to (transitively) are registered: compiling
 * every schema would cost each run with a config a tenth of a second.
 */
function registry(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  addFormats(ajv);
  const pending = [CONFIG_SCHEMA];
  const seen = new Set(pending);
  while (pending.length > 0) {
    const name = pending.pop()!;
    const text = readFileSync(path.join(paths.schemas, name), "utf8");
    if (name !== CONFIG_SCHEMA) ajv.addSchema(JSON.parse(text) as AnySchema);
    for (const match of text.matchAll(SCHEMA_REF)) {
      if (!seen.has(match[1])) {
        seen.add(match[1]);
        pending.push(match[1]);
      }
    }
  }
  return ajv;
}

/**
 * The config schema with `rules` narrowed to the rule ids of the bundle in use: the file schema
 * accepts any kebab-case id (editors cannot know the bundle), the loader accepts only real ones,
 * so a misspelt id is an unknown key whose error lists every allowed id.
 */
export function configValidator(rules: readonly RuleMeta[]): ValidateFunction {
  const ids = rules.map((rule) => rule.id);
  const key = ids.join(",");
  const cached = compiled.get(key);
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(path.join(paths.schemas, CONFIG_SCHEMA), "utf8")) as {
    $id: string;
    properties: { rules: { properties: Record<string, unknown>; patternProperties?: unknown } };
  };
  schema.$id = schema.$id.replace(/\.schema\.json$/, `.bundle-${compiled.size}.schema.json`);
  const rulesSchema = schema.properties.rules;
  delete rulesSchema.patternProperties;
  for (const rule of rules) {
    if (rule.id === "all") continue;
    rulesSchema.properties[rule.id] = { description: rule.title, $ref: "#/$defs/enforcement" };
  }
  const validate = registry().compile(schema);
  compiled.set(key, validate);
  return validate;
}

function quoted(values: unknown[]): string[] {
  return values.map((value) => JSON.stringify(value));
}

function describe(error: ErrorObject): ConfigProblem {
  const pointer = error.instancePath;
  switch (error.keyword) {
    case "additionalProperties": {
      const name = (error.params as { additionalProperty: string }).additionalProperty;
      const parent = (error.parentSchema ?? {}) as { properties?: Record<string, unknown> };
      return {
        pointer: `${pointer}${encodePointer([name])}`,
        message: `unknown property "${name}"`,
        allowed: Object.keys(parent.properties ?? {}),
        atKey: true,
      };
    }
    case "enum":
      return { pointer, message: "must be one of the allowed values", allowed: quoted((error.params as { allowedValues: unknown[] }).allowedValues) };
    case "const":
      return { pointer, message: "must be the allowed value", allowed: quoted([(error.params as { allowedValue: unknown }).allowedValue]) };
    case "required":
      return { pointer, message: `missing required property "${(error.params as { missingProperty: string }).missingProperty}"` };
    case "pattern": {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return description
        ? { pointer, message: `${JSON.stringify(error.data)} is not allowed here: ${description}` }
        : { pointer, message: error.message ?? "is invalid" };
    }
    case "propertyNames":
      return { pointer, message: `has an invalid property name "${(error.params as { propertyName: string }).propertyName}"` };
    default:
      return { pointer, message: error.message ?? "is invalid" };
  }
}

/**
 * Ajv errors as one problem per real mistake. Inside an `anyOf`, errors below the alternatives'
 * own level show what is wrong in the alternative the author evidently meant; when there are none,
 * the alternatives are summarised in one message instead of one line each.
 */
export function describeConfigErrors(errors: ErrorObject[] | null | undefined): ConfigProblem[] {
  const list = errors ?? [];
  const anyOfs = list.filter((error) => error.keyword === "anyOf").reverse();
  const problems: ConfigProblem[] = [];
  const consumed = new Set<ErrorObject>();
  for (const anyOf of anyOfs) {
    // Ajv reports an anyOf's branch errors right before it; they are about the same value or below it.
    const inside: ErrorObject[] = [];
    for (let i = list.indexOf(anyOf) - 1; i >= 0; i--) {
      const error = list[i];
      if (error.instancePath !== anyOf.instancePath && !error.instancePath.startsWith(`${anyOf.instancePath}/`)) break;
      if (error.keyword !== "anyOf") inside.unshift(error);
    }
    for (const error of inside) consumed.add(error);
    const deeper = inside.filter((error) => error.instancePath !== anyOf.instancePath);
    if (deeper.length > 0) {
      for (const error of deeper) problems.push(describe(error));
      continue;
    }
    const required = inside.filter((error) => error.keyword === "required").map((error) => (error.params as { missingProperty: string }).missingProperty);
    if (required.length === inside.length && required.length > 0) {
      problems.push({
        pointer: anyOf.instancePath,
        message: `must have at least one of the properties ${required.map((r) => `"${r}"`).join(", ")}`,
        allowed: required,
      });
    } else {
      const alternatives = [...new Set(inside.map((error) => describe(error).message))];
      problems.push({ pointer: anyOf.instancePath, message: alternatives.join(", or ") || "matches none of the allowed forms" });
    }
  }
  for (const error of list) {
    if (error.keyword === "anyOf" || consumed.has(error)) continue;
    problems.push(describe(error));
  }
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.pointer}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
