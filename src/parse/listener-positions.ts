/**
 * Source positions taken from js-yaml's own parse, so that the fast path needs no second parse to
 * place a finding. js-yaml reports every node it composes ("open" at its start offset, "close" with
 * its kind and value); block mappings compose key then value, sequences their items, which gives a
 * tree a JSON pointer can walk. Where the tree cannot answer (flow collections nested in sequences,
 * non-string keys) the caller falls back to the `yaml` AST. A test compares both over every
 * pointer of every YAML file in examples/ and test/.
 */

export interface PositionNode {
  offset: number;
  kind: string;
  key: unknown;
  children: PositionNode[];
}

interface OpenNode {
  offset: number;
  children: PositionNode[];
}

interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
}

/** A js-yaml `listener` that collects one root node per composed document. */
export function positionCollector(): { listener: (event: "open" | "close", state: ListenerState) => void; roots: PositionNode[] } {
  const roots: PositionNode[] = [];
  const stack: OpenNode[] = [];
  return {
    roots,
    listener(event, state) {
      if (event === "open") {
        stack.push({ offset: state.position, children: [] });
        return;
      }
      const open = stack.pop();
      // composeNode also runs for attempts that find no node: those close without a kind
      if (!open || state.kind === null || state.kind === undefined) return;
      const node: PositionNode = { offset: open.offset, kind: state.kind, key: state.result, children: open.children };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(node);
      else roots.push(node);
    },
  };
}

/** The node at a decoded pointer, or null when the tree cannot say. */
export function nodeAt(root: PositionNode, segments: readonly string[]): PositionNode | null {
  let node = root;
  for (const segment of segments) {
    if (node.kind === "mapping") {
      const children = node.children;
      if (children.length % 2 !== 0) return null;
      let found: PositionNode | null = null;
      for (let i = 0; i < children.length; i += 2) {
        const key = children[i];
        if (key.kind === "scalar" && String(key.key) === segment) {
          found = children[i + 1]!;
          break;
        }
      }
      if (!found) return null;
      node = found;
    } else if (node.kind === "sequence" && /^\d+$/.test(segment)) {
      const item = node.children[Number(segment)];
      if (!item) return null;
      node = item;
    } else return null;
  }
  return node;
}

/** Line and column (1-based) of the first character of the node at `offset`, skipping blanks and comments. */
export function positionOf(text: string, lineStarts: number[], offset: number): { line: number; column: number } {
  let i = offset;
  for (;;) {
    const ch = text.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 10 || ch === 13) i++;
    else if (ch === 35 /* # */) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else if (ch === 45 && text.startsWith("---", i) && (i === 0 || text.charCodeAt(i - 1) === 10)) i += 3;
    else break;
  }
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= i) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: i - lineStarts[low] + 1 };
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
