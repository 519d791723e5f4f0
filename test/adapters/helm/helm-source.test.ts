/**
 * `helm template` output: which document each `# Source:` comment belongs to, on both parser
 * paths (the fast one and the precise one used for files with anchors), and where positions are
 * reported (src/parse/helm-source.ts).
 */
import { helmDisplayPath, helmSources } from "../../../src/parse/helm-source";
import { DEFAULT_PARSE_LIMITS } from "../../../src/parse/limits";
import { parseText } from "../../../src/parse/parse-text";

const STREAM = [
  "---", // 1
  "# Source: chat/templates/configmap.yaml", // 2
  "apiVersion: v1", // 3
  "kind: ConfigMap", // 4
  "metadata: {name: chat}", // 5
  "data:", // 6
  "  OPENAI_BASE_URL: https://api.deepseek.com", // 7
  "---", // 8
  "# Source: chat/templates/deployment.yaml", // 9
  "apiVersion: apps/v1", // 10
  "kind: Deployment", // 11
  "metadata:", // 12
  "  name: chat", // 13
  "",
].join("\n");

describe("helm template sources", () => {
  test("each document gets the comment that precedes it", () => {
    expect([...helmSources(STREAM)]).toEqual([
      [0, { path: "chat/templates/configmap.yaml", line: 2 }],
      [1, { path: "chat/templates/deployment.yaml", line: 9 }],
    ]);
  });

  test("document indexes follow the parsers: leading comments, empty documents, end markers", () => {
    const text = [
      "# rendered by CI",
      "---",
      "# Source: a/templates/x.yaml",
      "a: 1",
      "---",
      "---",
      "# Source: a/templates/y.yaml",
      "b: 2",
      "...",
      "---",
      "# Source: a/templates/z.yaml",
      "c: 3",
      "",
    ].join("\n");
    expect([...helmSources(text)].map(([index, source]) => [index, source.path])).toEqual([
      [0, "a/templates/x.yaml"],
      [2, "a/templates/y.yaml"],
      [3, "a/templates/z.yaml"],
    ]);
    const parsed = parseText("out.yaml", text, DEFAULT_PARSE_LIMITS);
    expect(parsed.documents.map((doc) => [doc.index, doc.helmSource])).toEqual([
      [0, "a/templates/x.yaml"],
      [2, "a/templates/y.yaml"],
      [3, "a/templates/z.yaml"],
    ]);
  });

  test.each([
    ["fast path", STREAM],
    ["precise path (a file with anchors)", STREAM.replace("metadata:\n  name: chat", "metadata: &meta\n  name: chat")],
  ])("positions are reported at the template, lines counted from the comment: %s", (_name, text) => {
    const { documents, errors } = parseText("deploy/rendered.yaml", text, DEFAULT_PARSE_LIMITS);
    expect(errors).toEqual([]);
    expect(documents).toHaveLength(2);
    expect(documents.map((doc) => doc.file)).toEqual(["deploy/rendered.yaml", "deploy/rendered.yaml"]);
    expect(documents[0].locate("/data/OPENAI_BASE_URL")).toEqual({ file: "deploy/chat/templates/configmap.yaml", line: 5, column: 20 });
    expect(documents[1].locate("/metadata/name")).toEqual({ file: "deploy/chat/templates/deployment.yaml", line: 4, column: 9 });
  });

  test("the display path is relative to the rendered file's directory, unless the file is the template", () => {
    expect(helmDisplayPath("chat.yaml", "chat/templates/a.yaml")).toBe("chat/templates/a.yaml");
    expect(helmDisplayPath("rendered/prod.yaml", "chat/templates/a.yaml")).toBe("rendered/chat/templates/a.yaml");
    expect(helmDisplayPath("out/chat/templates/a.yaml", "chat/templates/a.yaml")).toBeNull();
    expect(helmDisplayPath("-", "chat/templates/a.yaml")).toBe("chat/templates/a.yaml");
  });

  test("files without Source comments are untouched", () => {
    const { documents } = parseText("plain.yaml", "a: 1\n---\nb: 2\n", DEFAULT_PARSE_LIMITS);
    expect(documents.map((doc) => doc.helmSource)).toEqual([undefined, undefined]);
    expect(documents[1].locate("/b")).toEqual({ line: 3, column: 4 });
  });
});
