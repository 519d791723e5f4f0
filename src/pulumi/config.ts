/**
 * The policy pack's configuration: per-policy options whose JSON Schema is built at pack start
 * from schemas/config.schema.json (the organisation-policy overrides the CLI config accepts,
 * dereferenced so the Pulumi engine can validate them offline) plus the options only the pack has.
 */

import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { paths } from "../paths";
import { describeSchemaErrors, SCHEMA_BASE } from "../schemas";
import { ModelgateError } from "../errors";

export type PreviewUnknowns = "fail" | "warn";

/** Options of one policy, as `args.getConfig()` returns them (the engine has applied schema defaults). */
export interface PolicyOptions {
  /** Overrides of the organisation policy: the keys of `policy:` in modelgate.yaml. */
  policy: Record<string, unknown>;
  /** A rule bundle (directory or OPA bundle .tar.gz) to evaluate instead of the one shipped with the pack. */
  bundle: string | null;
  previewUnknowns: PreviewUnknowns;
  componentTypes: Record<string, string>;
}

/** Options only the pack has; everything else comes from schemas/config.schema.json. */
export const PACK_OPTION_SCHEMAS: Record<string, Record<string, unknown>> = {
  bundle: {
    description:
      "Rule bundle (a directory or an OPA bundle .tar.gz built by modelgate) to evaluate instead of the bundle shipped with the pack; absolute, or relative to the policy pack directory.",
    type: "string",
    minLength: 1,
  },
  previewUnknowns: {
    description:
      "What to do during preview when an endpoint of a regulated or sensitive workload depends on a value Pulumi cannot know yet: fail (report at the rule's enforcement level) or warn (report as advisory). The update checks the real value again either way.",
    enum: ["fail", "warn"],
    default: "fail",
  },
  componentTypes: {
    description: 'Component type tokens to read as a built-in resource type, e.g. {"acme:ai:ChatService": "aws:lambda/function:Function"}.',
    type: "object",
    additionalProperties: { type: "string", pattern: "^[^:]+:[^:]*:[^:]+$" },
  },
};

type Json = Record<string, unknown>;

function loadSchemas(): Map<string, Json> {
  const byId = new Map<string, Json>();
  for (const name of readdirSync(paths.schemas)) {
    if (!name.endsWith(".schema.json")) continue;
    const schema = JSON.parse(readFileSync(path.join(paths.schemas, name), "utf8")) as Json;
    byId.set(typeof schema.$id === "string" ? schema.$id : `${SCHEMA_BASE}${name}`, schema);
  }
  return byId;
}

function at(root: Json, fragment: string): unknown {
  let node: unknown = root;
  for (const raw of fragment.replace(/^\//, "").split("/")) {
    if (raw === "") continue;
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Json | undefined)?.[key];
  }
  return node;
}

/** Inlines every `$ref` (to another file of schemas/ or within one) so the schema stands alone. */
function dereference(node: unknown, base: Json, schemas: Map<string, Json>, depth = 0): unknown {
  if (depth > 32) throw new Error("schemas/ reference chain is too deep (a recursive $ref?)");
  if (Array.isArray(node)) return node.map((item) => dereference(item, base, schemas, depth));
  if (node === null || typeof node !== "object") return node;
  const record = node as Json;
  if (typeof record.$ref === "string") {
    const [file, fragment = ""] = record.$ref.split("#");
    const target = file ? schemas.get(file) : base;
    if (!target) throw new Error(`schemas/: cannot resolve $ref ${record.$ref}`);
    const resolved = at(target, fragment);
    if (resolved === undefined) throw new Error(`schemas/: $ref ${record.$ref} points at nothing`);
    const siblings = Object.fromEntries(Object.entries(record).filter(([key]) => key !== "$ref"));
    const inlined = dereference(resolved, target, schemas, depth + 1) as Json;
    return { ...inlined, ...(dereference(siblings, base, schemas, depth) as Json) };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === "$schema" || key === "$id" || key === "$defs" || key === "$comment") continue;
    out[key] = dereference(value, base, schemas, depth);
  }
  return out;
}

export interface PackConfigSchema {
  /** The `configSchema.properties` every policy declares. */
  properties: Record<string, Json>;
  /** Keys that override the organisation policy (from `policy:` of config.schema.json). */
  policyKeys: string[];
}

let cached: PackConfigSchema | null = null;

/** Built once per process from the schemas/ files, so a new key in config.schema.json reaches the pack unchanged. */
export function packConfigSchema(): PackConfigSchema {
  if (cached) return cached;
  const schemas = loadSchemas();
  const config = schemas.get(`${SCHEMA_BASE}config.schema.json`);
  if (!config) throw new Error(`schemas/config.schema.json is missing from ${paths.schemas}`);
  const policy = at(config, "/properties/policy/properties") as Json | undefined;
  if (!policy) throw new Error("schemas/config.schema.json has no properties.policy.properties");
  const properties: Record<string, Json> = {};
  for (const [key, value] of Object.entries(policy)) properties[key] = dereference(value, config, schemas) as Json;
  for (const [key, value] of Object.entries(PACK_OPTION_SCHEMAS)) {
    if (key in properties) throw new Error(`pack option ${key} collides with a key of schemas/config.schema.json policy`);
    properties[key] = value;
  }
  cached = { properties, policyKeys: Object.keys(policy) };
  return cached;
}

let validate: ValidateFunction | null = null;

export class PackConfigError extends ModelgateError {
  constructor(message: string) {
    super("config", message);
  }
}

/**
 * Validates one policy's options (the engine validates them too, but the SDK applies none of it
 * when a harness or an old CLI skips that) and splits them into organisation-policy overrides and
 * pack options. Errors name the policy and the JSON pointer of the bad value.
 */
export function readPolicyOptions(policyName: string, raw: Record<string, unknown>, packDir: string): PolicyOptions {
  const schema = packConfigSchema();
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
    addFormats(ajv);
    validate = ajv.compile({ type: "object", additionalProperties: false, properties: schema.properties });
  }
  const config = { ...raw };
  delete config.enforcementLevel;
  if (!validate(config)) {
    const details = describeSchemaErrors(validate.errors).map((error) => `${error.pointer || "/"} ${error.message}`);
    throw new PackConfigError(`invalid configuration for policy ${policyName}: ${details.join("; ")}`);
  }
  const policy: Record<string, unknown> = {};
  for (const key of schema.policyKeys) if (config[key] !== undefined) policy[key] = config[key];
  let bundle: string | null = null;
  if (typeof config.bundle === "string") {
    bundle = path.resolve(packDir, config.bundle);
    if (!existsSync(bundle))
      throw new PackConfigError(`invalid configuration for policy ${policyName}: /bundle ${config.bundle} does not exist (resolved to ${bundle})`);
  }
  return {
    policy,
    bundle,
    previewUnknowns: config.previewUnknowns === "warn" ? "warn" : "fail",
    componentTypes: (config.componentTypes as Record<string, string> | undefined) ?? {},
  };
}
