import { type Document, type LineCounter, isCollection, isNode, isPair, isScalar, type Node } from "yaml";

export interface Position {
  line: number;
  column: number;
  /**
   * The file to report the position in when it is not the document's own: the `# Source:`
   * template of `helm template` output (src/parse/helm-source.ts). Absent otherwise.
   */
  file?: string;
}

/** One YAML or JSON document of a file, as plain data plus a way back to its text positions. */
export interface ParsedDocument {
  /** Path relative to the scan's working directory ("-" for stdin). */
  file: string;
  /** 0-based index of the document within a multi-document file. */
  index: number;
  value: unknown;
  /** Line and column of the node at a JSON pointer, or of its nearest existing ancestor. */
  locate(pointer: string): Position;
  /** The `# Source:` path helm printed before this document, when it is `helm template` output. */
  helmSource?: string;
  /**
   * The namespace a kustomization or Flux Kustomization of the scan deploys this file to, for a
   * document that is no Kubernetes object (a config file a configMapGenerator packs): its workload
   * is classified by that Namespace. Objects get it as `metadata.namespace` instead.
   */
  deployedNamespace?: string;
}

export function decodePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function encodePointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => "/" + String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

function childNode(node: unknown, segment: string): unknown {
  if (!isCollection(node)) return undefined;
  for (const item of node.items as unknown[]) {
    if (isPair(item)) {
      const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
      if (key === segment) return item.value ?? item.key;
    }
  }
  if (/^\d+$/.test(segment)) {
    const item = (node.items as unknown[])[Number(segment)];
    return isPair(item) ? item.value : item;
  }
  return undefined;
}

/** A ParsedDocument backed by a yaml AST; positions are computed only when a finding asks for them. */
export function yamlParsedDocument(file: string, index: number, doc: Document, value: unknown, lines: LineCounter): ParsedDocument {
  return {
    file,
    index,
    value,
    locate(pointer: string): Position {
      let best: Node | null = isNode(doc.contents) ? doc.contents : null;
      let current: unknown = doc.contents;
      for (const segment of decodePointer(pointer)) {
        current = childNode(current, segment);
        if (!isNode(current)) break;
        best = current;
      }
      const offset = best?.range?.[0] ?? 0;
      const { line, col } = lines.linePos(offset);
      return { line, column: col };
    },
  };
}

/** A ParsedDocument with no text behind it (Pulumi resources, stdin JSON already parsed elsewhere). */
export function positionlessDocument(file: string, index: number, value: unknown): ParsedDocument {
  return { file, index, value, locate: () => ({ line: 0, column: 0 }) };
}
