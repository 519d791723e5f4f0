// `npm run gen:model`: writes src/model/canonical.generated.ts, the TypeScript types of the
// canonical model, from schemas/llm-usage.schema.json (and the classification $defs it references).
// `--check` compares instead of writing and exits 1 when the committed file is stale; `--target FILE`
// names another file to write or compare (tests use it). Plain JavaScript on purpose: it must run
// when the schema changed and src/ no longer compiles against the old types.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { compile } = require("json-schema-to-typescript");
const prettier = require("prettier");

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const schemaDir = path.join(root, "schemas");
const SCHEMA_BASE = "https://modelgate.dev/schemas/";
const ROOT_SCHEMA = "llm-usage.schema.json";
const ROOT_TYPE = "LlmUsageDocument";
const DEFAULT_TARGET = path.join(root, "src", "model", "canonical.generated.ts");

const BANNER = `// Generated from schemas/${ROOT_SCHEMA} by \`npm run gen:model\`: edit the schema, not this file.
// Hand-written helpers of the model live in src/model/canonical.ts.`;

/** `$defs` keys are the camel-case names of their types: `sourceLocation` -> `SourceLocation`. */
function typeName(schema, definitionKey) {
  if (schema.$id === `${SCHEMA_BASE}${ROOT_SCHEMA}`) return ROOT_TYPE;
  if (definitionKey === undefined) return undefined;
  return definitionKey.charAt(0).toUpperCase() + definitionKey.slice(1);
}

const readSchema = (name) => JSON.parse(readFileSync(path.join(schemaDir, name), "utf8"));

function* refsIn(node) {
  if (Array.isArray(node)) for (const item of node) yield* refsIn(item);
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") yield value;
      else yield* refsIn(value);
    }
  }
}

function rewriteRefs(node, rewrite) {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, rewrite));
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === "$ref" ? rewrite(value) : rewriteRefs(value, rewrite)]));
}

/**
 * The root schema with the $defs it borrows from other schemas in schemas/ (the classification)
 * copied into its own $defs under the same keys, so they are named types here too and nothing is
 * fetched. Only `<base><file>#/$defs/<key>` references are supported; a key clash is an error.
 */
function bundledSchema() {
  const schema = readSchema(ROOT_SCHEMA);
  const borrowed = new Map();
  const pending = [...refsIn(schema)].filter((ref) => !ref.startsWith("#"));
  while (pending.length > 0) {
    const ref = pending.pop();
    const match = /^https:\/\/modelgate\.dev\/schemas\/([\w.-]+\.schema\.json)#\/\$defs\/(\w+)$/.exec(ref);
    if (match === null) throw new Error(`${ROOT_SCHEMA}: unsupported $ref ${ref} (only ${SCHEMA_BASE}<file>#/$defs/<key>)`);
    const [, file, key] = match;
    if (borrowed.has(key)) {
      if (borrowed.get(key).file !== file) throw new Error(`$defs/${key} is borrowed from both ${borrowed.get(key).file} and ${file}`);
      continue;
    }
    if (key in schema.$defs) throw new Error(`${ROOT_SCHEMA} already has $defs/${key}, borrowed from ${file}`);
    const definition = readSchema(file).$defs?.[key];
    if (definition === undefined) throw new Error(`${ref} does not exist`);
    borrowed.set(key, { file, definition });
    // A borrowed definition's own `#/$defs/...` refs are followed in its file and keep working once copied.
    for (const inner of refsIn(definition)) pending.push(inner.startsWith("#") ? `${SCHEMA_BASE}${file}${inner}` : inner);
  }
  const local = (ref) => {
    const key = /#\/\$defs\/(\w+)$/.exec(ref)?.[1];
    return !ref.startsWith("#") && key !== undefined && borrowed.has(key) ? `#/$defs/${key}` : ref;
  };
  const $defs = { ...schema.$defs };
  for (const [key, { definition }] of borrowed) $defs[key] = rewriteRefs(definition, local);
  return { ...rewriteRefs(schema, local), $defs };
}

async function generate() {
  const types = await compile(bundledSchema(), ROOT_TYPE, {
    additionalProperties: false,
    bannerComment: BANNER,
    customName: typeName,
    format: false,
    unknownAny: true,
    strictIndexSignatures: true,
    $refOptions: { resolve: { http: false, https: false } },
  });
  // A $ref with sibling keywords (a description) makes json-schema-to-typescript emit a second copy
  // of the type as `Name1`; refuse rather than export a type the rest of src/ does not know.
  const copy = /export (?:interface|type) ([A-Za-z]+)\d+\b/.exec(types);
  if (copy !== null)
    throw new Error(`${ROOT_SCHEMA}: a $ref with sibling keywords duplicates type ${copy[1]}; move the keywords into the referenced $defs entry`);
  // Formatted with the repository's prettier settings for src/model (whatever --target says), so a
  // formatter pass leaves the file as generated.
  const options = (await prettier.resolveConfig(DEFAULT_TARGET)) ?? { printWidth: 140 };
  return prettier.format(types, { ...options, filepath: DEFAULT_TARGET });
}

const args = process.argv.slice(2);
const targetIndex = args.indexOf("--target");
const target = targetIndex >= 0 ? path.resolve(args[targetIndex + 1] ?? "") : DEFAULT_TARGET;
const fresh = await generate();
const shown = path.relative(process.cwd(), target);
if (args.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(target, "utf8");
  } catch {
    committed = "";
  }
  if (committed !== fresh) {
    process.stderr.write(`${shown} is stale: it differs from what schemas/${ROOT_SCHEMA} generates; run \`npm run gen:model\`\n`);
    process.exit(1);
  }
} else {
  writeFileSync(target, fresh);
  process.stdout.write(`wrote ${shown}\n`);
}
