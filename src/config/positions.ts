import { isCollection, isNode, isPair, isScalar, LineCounter, parseDocument, type Node, type Pair } from "yaml";
import { decodePointer, type Position } from "../parse/document";

/** Positions in the configuration file: of the value at a pointer, or of the key naming it. */
export interface ConfigLocator {
  /** Line and column of the value at `pointer` (or of its nearest existing ancestor). */
  value(pointer: string): Position;
  /** Line and column of the key of the last segment of `pointer`, else of the value. */
  key(pointer: string): Position;
}

function pairFor(node: unknown, segment: string): Pair | Node | undefined {
  if (!isCollection(node)) return undefined;
  for (const item of node.items as unknown[]) {
    if (isPair(item)) {
      const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
      if (key === segment) return item;
    }
  }
  if (/^\d+$/.test(segment)) {
    const item = (node.items as unknown[])[Number(segment)];
    return isNode(item) ? item : undefined;
  }
  return undefined;
}

/**
 * A locator over the configuration text, parsed once more with `yaml` so that an unknown key is
 * reported where the key is written, not at the start of its parent.
 */
export function configLocator(text: string): ConfigLocator {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const walk = (pointer: string, wantKey: boolean): Position => {
    let best: Node | null = isNode(doc.contents) ? doc.contents : null;
    let current: unknown = doc.contents;
    const segments = decodePointer(pointer);
    for (const [i, segment] of segments.entries()) {
      const found = pairFor(current, segment);
      if (found === undefined) break;
      if (isPair(found)) {
        if (wantKey && i === segments.length - 1 && isNode(found.key)) return at(found.key.range?.[0] ?? 0);
        current = found.value;
        if (isNode(found.value)) best = found.value;
        else if (isNode(found.key)) best = found.key;
      } else {
        current = found;
        best = found;
      }
      if (!isNode(current)) break;
    }
    return at(best?.range?.[0] ?? 0);
  };
  return { value: (pointer) => walk(pointer, false), key: (pointer) => walk(pointer, true) };
}
