/**
 * Source positions taken from js-yaml's own parse, so that the fast path needs no second parse to
 * place a finding. js-yaml reports every node it composes ("open" at its start offset, "close" with
 * its kind and value); block mappings compose key then value, sequences their items, which gives a
 * tree a JSON pointer can walk, flow collections included. Where the tree cannot answer (non-string
 * keys) the caller falls back to the `yaml` AST. A test compares both over every
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
      if (!open) return;
      const parent = stack[stack.length - 1];
      if (state.kind === null || state.kind === undefined) {
        // an empty value (`key:` with nothing after it) closes without a kind; keep its place so the
        // mapping's keys and values still pair up (an empty document has no parent and no place)
        if (parent && state.result === null && open.children.length === 0) parent.children.push({ offset: open.offset, kind: "null", key: null, children: [] });
        return;
      }
      trimAttempts(open.children, state.kind, state.result);
      const only = open.children.length === 1 ? open.children[0] : null;
      // a flow collection or a scalar read as a block item is composed twice (the block attempt wraps
      // the inner one, same value): the wrapper holds one child of its own kind and value, which no
      // real mapping or sequence holds
      const node: PositionNode =
        only !== null && only.kind === state.kind && only.key === state.result
          ? only
          : { offset: open.offset, kind: state.kind, key: state.result, children: open.children };
      if (parent) parent.children.push(node);
      else roots.push(node);
    },
  };
}

/**
 * js-yaml also tries to compose a key after the last entry of a block collection (before `---` or
 * a dedent), which closes like an empty value: a mapping left with an odd number of children, or a
 * sequence with more children than items, ends in such attempts.
 */
function trimAttempts(children: PositionNode[], kind: string, value: unknown): void {
  const wanted =
    kind === "mapping"
      ? children.length % 2 === 0
        ? children.length
        : children.length - 1
      : kind === "sequence" && Array.isArray(value)
        ? value.length
        : children.length;
  while (children.length > wanted && children[children.length - 1].kind === "null") children.pop();
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
      // an empty item (`- ` alone on its line) composes no node: the children no longer line up with the items
      if (!Array.isArray(node.key) || node.children.length !== node.key.length) return null;
      const item = node.children[Number(segment)];
      if (!item) return null;
      node = item;
    } else return null;
  }
  return node;
}

/**
 * Line and column (1-based) where a node starts: its first character, past blanks and comments;
 * an empty value has none, so it is placed where js-yaml looked for it (after its key's colon).
 */
export function nodePosition(text: string, lineStarts: number[], node: PositionNode): { line: number; column: number } {
  return node.kind === "null" ? lineAndColumn(lineStarts, node.offset) : positionOf(text, lineStarts, node.offset);
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
  return lineAndColumn(lineStarts, i);
}

function lineAndColumn(lineStarts: number[], i: number): { line: number; column: number } {
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
