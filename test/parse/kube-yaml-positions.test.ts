/**
 * Positions of findings in files read by the careful path (src/parse/kube-yaml.ts): pointers use
 * the keys Kubernetes sees (`on:` is `/true`), merged and aliased values point where their text is,
 * and documents after `---` count lines from the top of the file.
 */
import { DEFAULT_PARSE_LIMITS } from "../../src/parse/limits";
import { parseText } from "../../src/parse/parse-text";

const MERGED = ["defaults: &d", "  image: nginx", "  tier: low", "app:", "  <<: *d", "  tier: high", ""].join("\n");
const SECOND = ["a: &x 1", "---", "kind: Pod", "metadata:", "  labels:", "    on: yes", "    <<: {team: ml}", ""].join("\n");

describe.each([
  ["a merged value points into the anchored map", MERGED, 0, "/app/image", 2, 10],
  ["a key set beside the merge points at itself", MERGED, 0, "/app/tier", 6, 9],
  ["a YAML 1.1 key is found under the key Kubernetes sees", SECOND, 1, "/metadata/labels/true", 6, 9],
  ["an inline merge points into its flow map", SECOND, 1, "/metadata/labels/team", 7, 16],
  ["a missing member falls back to its nearest ancestor", SECOND, 1, "/metadata/labels/absent", 6, 5],
])("%s", (_name, text, index, pointer, line, column) => {
  it(`${pointer} is at ${line}:${column}`, () => {
    const { documents, errors } = parseText("f.yaml", text, DEFAULT_PARSE_LIMITS);
    expect(errors).toEqual([]);
    const doc = documents.find((candidate) => candidate.index === index)!;
    expect(doc.locate(pointer)).toEqual({ line, column });
  });
});
