import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020, { type AnySchema, type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { paths } from "./paths";

export const SCHEMA_BASE = "https://modelgate.dev/schemas/";

let ajv: Ajv2020 | null = null;

/** One strict Ajv with every schema in schemas/ registered, so cross-schema $refs resolve. */
export function schemaRegistry(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const name of readdirSync(paths.schemas).sort()) {
    if (!name.endsWith(".schema.json")) continue;
    ajv.addSchema(JSON.parse(readFileSync(path.join(paths.schemas, name), "utf8")) as AnySchema);
  }
  return ajv;
}

/** A compiled validator for `schemas/<name>.schema.json`, optionally at a `#/$defs/...` fragment. */
export function validator(name: string, fragment = ""): ValidateFunction {
  const id = `${SCHEMA_BASE}${name}.schema.json${fragment ? `#${fragment}` : ""}`;
  const validate = schemaRegistry().getSchema(id);
  if (!validate) throw new Error(`schema ${id} is not registered`);
  return validate;
}

/** "instancePath: message (allowed: a, b)" lines, the form every schema error is shown in. */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): Array<{ pointer: string; message: string }> {
  return (errors ?? []).map((error) => {
    let message = error.message ?? "is invalid";
    if (error.keyword === "enum") message += `: ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    if (error.keyword === "additionalProperties") message = `unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
    return { pointer: error.instancePath, message };
  });
}
