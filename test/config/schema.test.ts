/**
 * schemas/config.schema.json: strict everywhere (every object closes with additionalProperties:
 * false), every property described for the people editing modelgate.yaml, and valid for the same
 * strict Ajv the loader uses.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { paths } from "../../src/paths";
import { configValidator } from "../../src/config/validate";
import { defaultEngine } from "../helpers/engine";

type Schema = Record<string, unknown> | boolean;

const schema = JSON.parse(readFileSync(path.join(paths.schemas, "config.schema.json"), "utf8")) as Record<string, unknown>;

/** Every subschema with the JSON pointer to it. */
function walk(node: Schema, pointer: string, out: Array<[string, Record<string, unknown>]>): void {
  if (typeof node !== "object" || node === null) return;
  out.push([pointer, node]);
  for (const key of ["properties", "patternProperties", "$defs"]) {
    const children = node[key] as Record<string, Schema> | undefined;
    for (const [name, child] of Object.entries(children ?? {})) walk(child, `${pointer}/${key}/${name}`, out);
  }
  if (node.items) walk(node.items as Schema, `${pointer}/items`, out);
  for (const key of ["anyOf", "oneOf", "allOf"]) (node[key] as Schema[] | undefined)?.forEach((child, i) => walk(child, `${pointer}/${key}/${i}`, out));
}

const nodes: Array<[string, Record<string, unknown>]> = [];
walk(schema, "", nodes);

describe("schemas/config.schema.json", () => {
  it.each(nodes.filter(([pointer]) => /\/(properties|patternProperties)\/[^/]+$/.test(pointer)))("%s has a description", (_pointer, node) => {
    expect(typeof node.description).toBe("string");
    expect((node.description as string).length).toBeGreaterThan(10);
  });

  it.each(nodes.filter(([, node]) => node.type === "object"))("%s allows no unknown keys", (_pointer, node) => {
    expect(node.additionalProperties).toBe(false);
  });

  it("compiles under strict Ajv with the bundle's rule ids", () => {
    expect(() => configValidator(defaultEngine().catalog.rules)).not.toThrow();
  });
});
