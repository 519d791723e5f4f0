/**
 * The emitter only changes the text: every rendering reads back (YAML 1.1 as go-yaml reads it,
 * merge keys on) to exactly the documents of its model. A failure here is a generator error, not
 * a product bug, so the gate properties in gate.test.ts can trust their inputs.
 */
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { documentsOf } from "./model";
import { jsonDocument, render } from "./emit";
import { modelArb, styleArb } from "./harness";

/** go-yaml (so Kubernetes) keeps a !!binary value as the text it decodes to; the yaml package gives bytes. */
function binaryAsText(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  if (Array.isArray(value)) return value.map(binaryAsText);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, binaryAsText(v)]));
  return value;
}

describe("the property test's YAML emitter", () => {
  it("renders every model in every style to text that reads back to the same documents", () => {
    fc.assert(
      fc.property(modelArb(), styleArb, (model, style) => {
        const docs = documentsOf(model);
        const text = render(docs, style);
        const parsed = parseAllDocuments(text, { version: "1.1", merge: true, uniqueKeys: true });
        const errors = parsed.flatMap((doc) => doc.errors.map((e) => e.message));
        expect(errors).toEqual([]);
        const values = parsed.map((doc) => binaryAsText(doc.toJS({ maxAliasCount: -1 }))).filter((value) => value !== null && value !== undefined);
        expect(values).toEqual(style.json ? [jsonDocument(docs)] : docs);
      }),
      { numRuns: 400, seed: 20261202 },
    );
  });
});
