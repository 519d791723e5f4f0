/**
 * A small YAML emitter with the styles people (and tools) really write: block or flow
 * collections, plain, single- or double-quoted keys and values, literal and folded block scalars,
 * comments, anchors with aliases and merge keys (`<<:`) for repeated content, document separators
 * with comments, CRLF line ends and the encodings kubectl reads (UTF-8 with or without a BOM,
 * UTF-16 with a BOM). Every style only changes the text: ./emit.test.ts checks that the text
 * reads back (YAML 1.1, merge keys on) to exactly the documents it was made from.
 */

export const SCALAR_STYLES = ["plain", "single", "double", "mixed", "block"] as const;
export const KEY_STYLES = ["plain", "single", "double", "mixed"] as const;
export const COLLECTION_STYLES = ["block", "flow-leaves", "flow-pod", "flow-all"] as const;
export const ENCODINGS = ["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom"] as const;

export interface Style {
  scalars: (typeof SCALAR_STYLES)[number];
  keys: (typeof KEY_STYLES)[number];
  collections: (typeof COLLECTION_STYLES)[number];
  /** Block sequences indented under their key (`key:\n  - a`) or not (`key:\n- a`). */
  indentSequences: boolean;
  comments: boolean;
  /** Repeated maps and strings become anchors and aliases. */
  anchors: boolean;
  /** A map holding an earlier map's entries takes them by a merge key. */
  merges: boolean;
  separator: "plain" | "comment" | "trailing-blanks";
  /** Some keys written as explicit `? key` / `: value` pairs. */
  explicitKeys: boolean;
  /** Long plain strings continued on the next lines (a plain scalar folds its line breaks into spaces). */
  foldPlain: boolean;
  leadingSeparator: boolean;
  emptyDocument: boolean;
  crlf: boolean;
  /** Flow collections written over several lines, one entry a line with a trailing comma. */
  multilineFlow: boolean;
  /** Spaces per level. */
  indent: 2 | 4;
  /** Map keys in another order than written (the order of list entries is kept: it can matter). */
  shuffleKeys: boolean;
  /** Double-quoted strings with escapes (`\x2f`, `\u002e`) and escaped line breaks that join without a space. */
  escapes: boolean;
  /** Some strings carry an explicit `!!str` tag. */
  tags: boolean;
  /** JSON (`kubectl get -o json`: one `List` of every document) instead of YAML. */
  json: boolean;
  /** `helm template` output: a `# Source:` comment opens every document (findings move to the template). */
  helmSources: boolean;
  /** `...` ends each document before the next `---`. */
  documentEnd: boolean;
  encoding: (typeof ENCODINGS)[number];
  /** Drives the per-node choices of the mixed styles and comments. */
  seed: number;
}

type Scalar = string | number | boolean | null;

type Node =
  | { t: "map"; entries: Array<[string, Node]>; anchor?: string }
  | { t: "seq"; items: Node[]; anchor?: string }
  | { t: "scalar"; v: Scalar; anchor?: string }
  | { t: "alias"; name: string };

function toNode(value: unknown): Node {
  if (Array.isArray(value)) return { t: "seq", items: value.map(toNode) };
  if (value !== null && typeof value === "object")
    return { t: "map", entries: Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toNode(v)]) };
  return { t: "scalar", v: value as Scalar };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Repeated content shared by anchors (a later equal map or string becomes an alias of the first)
 * and merge keys (a later map holding all of an earlier map's entries takes them with `<<`).
 * Works on the plain values in document order, so an alias always follows its anchor.
 */
function share(root: unknown, style: Style, random?: () => number): Node {
  const seenMaps: Array<{ key: string; value: Record<string, unknown>; node: Node & { t: "map" } }> = [];
  const seenStrings = new Map<string, Node & { t: "scalar" }>();
  let anchors = 0;
  const anchorOf = (node: Node & { anchor?: string }): string => (node.anchor ??= `a${++anchors}`);
  const visit = (value: unknown, ancestors: Set<unknown>): Node => {
    if (Array.isArray(value)) {
      ancestors.add(value);
      const node: Node = { t: "seq", items: value.map((v) => visit(v, ancestors)) };
      ancestors.delete(value);
      return node;
    }
    if (value !== null && typeof value === "object") {
      const record = value as Record<string, unknown>;
      const key = canonical(record);
      const entries = Object.entries(record);
      if (style.shuffleKeys && random) {
        for (let i = entries.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [entries[i], entries[j]] = [entries[j], entries[i]];
        }
      }
      if (style.anchors && entries.length > 0) {
        const earlier = seenMaps.find((m) => m.key === key && !ancestors.has(m.value));
        if (earlier) return { t: "alias", name: anchorOf(earlier.node) };
      }
      let merged: (typeof seenMaps)[number] | undefined;
      if (style.merges && entries.length > 1) {
        for (const m of seenMaps) {
          if (ancestors.has(m.value) || m.key === key) continue;
          const own = Object.entries(m.value);
          if (own.length === 0 || own.length >= entries.length) continue;
          if (!own.every(([k, v]) => k in record && canonical(record[k]) === canonical(v))) continue;
          if (!merged || own.length > Object.keys(merged.value).length) merged = m;
        }
      }
      ancestors.add(value);
      const node: Node & { t: "map" } = { t: "map", entries: [] };
      if (merged) node.entries.push(["<<", { t: "alias", name: anchorOf(merged.node) }]);
      for (const [k, v] of entries) {
        if (merged && k in merged.value) continue;
        node.entries.push([k, visit(v, ancestors)]);
      }
      ancestors.delete(value);
      if (entries.length > 0) seenMaps.push({ key, value: record, node });
      return node;
    }
    if (typeof value === "string" && style.anchors && value.length >= 12 && !value.includes("\n")) {
      const earlier = seenStrings.get(value);
      if (earlier) return { t: "alias", name: anchorOf(earlier) };
      const node: Node & { t: "scalar" } = { t: "scalar", v: value };
      seenStrings.set(value, node);
      return node;
    }
    return toNode(value);
  };
  return visit(root, new Set());
}

/** Strings YAML 1.1 or 1.2 would read as something else when plain. */
const NOT_A_STRING = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|)$/;

function plainSafe(s: string, flow: boolean): boolean {
  if (NOT_A_STRING.test(s) || /^[-+.]?[0-9]/.test(s) || /^\.(?:inf|nan)$/i.test(s)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(s) || /\s$/.test(s)) return false;
  if (s.includes(": ") || s.includes(" #") || s.endsWith(":") || /[\n\t\r]/.test(s)) return false;
  if (s === "<<" || s === "=") return false;
  if (flow && /[,[\]{}:]/.test(s)) return false;
  return true;
}

function single(s: string): string | null {
  return /[\n\r\t]/.test(s) ? null : `'${s.replace(/'/g, "''")}'`;
}

/** A double-quoted string; with `escapes`, some characters escaped and long strings broken by escaped line breaks. */
function double(ctx: Context | null, s: string, continuation: string | null): string {
  if (!ctx?.style.escapes) return JSON.stringify(s);
  let out = "";
  for (const ch of s) {
    if (ch === "/" && ctx.random() < 0.5) out += "\\x2f";
    else if (ch === "." && ctx.random() < 0.5) out += "\\u002e";
    else if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else out += ch;
  }
  // an escaped line break joins the lines with nothing between them (leading blanks of the next line dropped)
  if (continuation !== null && out.length > 16 && ctx.random() < 0.7) {
    let cut = Math.floor(out.length / 2);
    while (cut < out.length && (out[cut - 1] === "\\" || out[cut] === " " || /\\[xu0-9a-fA-F]*$/.test(out.slice(Math.max(0, cut - 6), cut)))) cut++;
    if (cut < out.length) out = `${out.slice(0, cut)}\\\n${continuation}${out.slice(cut)}`;
  }
  return `"${out}"`;
}

interface Context {
  style: Style;
  random: () => number;
  lines: string[];
}

function pick<T>(ctx: Context, options: readonly T[]): T {
  return options[Math.floor(ctx.random() * options.length)];
}

function quoted(ctx: Context, s: string, how: "plain" | "single" | "double" | "mixed", flow: boolean, continuation: string | null = null): string {
  const chosen = how === "mixed" ? pick(ctx, ["plain", "single", "double"] as const) : how;
  if (ctx.style.tags && /^[\x20-\x7e]+$/.test(s) && ctx.random() < 0.15) {
    // go-yaml decodes !!binary to the text it encodes
    return `!!binary ${Buffer.from(s, "utf8").toString("base64")}`;
  }
  const tag = ctx.style.tags && ctx.random() < 0.3 ? pick(ctx, ["!!str ", "! "]) : "";
  if (chosen === "plain" && plainSafe(s, flow)) return tag + s;
  if (chosen === "single" || chosen === "plain") return tag + (single(s) ?? double(ctx, s, null));
  return tag + double(ctx, s, flow ? null : continuation);
}

function keyText(ctx: Context, key: string, flow: boolean): string {
  if (key === "<<") return "<<";
  // a tagged key is legal YAML, but no one writes one
  return quoted({ ...ctx, style: { ...ctx.style, tags: false } }, key, ctx.style.keys, flow);
}

function scalarText(ctx: Context, v: Scalar, flow: boolean, continuation: string | null = null): string {
  if (v === null) return "null";
  if (typeof v !== "string") return String(v);
  const how = ctx.style.scalars === "block" ? "plain" : ctx.style.scalars;
  return quoted(ctx, v, how, flow, continuation);
}

function anchorPrefix(node: Node): string {
  return "anchor" in node && node.anchor ? `&${node.anchor} ` : "";
}

function flowText(ctx: Context, node: Node): string {
  if (node.t === "alias") return `*${node.name}`;
  const a = anchorPrefix(node);
  if (node.t === "scalar") return a + scalarText(ctx, node.v, true);
  if (node.t === "seq") return `${a}[${node.items.map((item) => flowText(ctx, item)).join(", ")}]`;
  if (node.entries.length === 0) return `${a}{}`;
  // a space before `}` keeps an alias's name from running into the indicator for every reader
  return `${a}{ ${node.entries.map(([k, v]) => `${keyText(ctx, k, true)}: ${flowText(ctx, v)}`).join(", ")} }`;
}

/** Whether a collection is written in flow style, by the style's reach and its path. */
function isFlow(ctx: Context, node: Node, path: readonly string[]): boolean {
  if (node.t !== "map" && node.t !== "seq") return false;
  const empty = node.t === "map" ? node.entries.length === 0 : node.items.length === 0;
  if (empty) return true;
  switch (ctx.style.collections) {
    case "block":
      return false;
    case "flow-all":
      return path.length >= 1;
    case "flow-pod":
      return (
        path[path.length - 1] === "containers" ||
        path[path.length - 1] === "steps" ||
        path[path.length - 1] === "labels" ||
        path[path.length - 1] === "matchLabels"
      );
    case "flow-leaves": {
      const children = node.t === "map" ? node.entries.map(([, v]) => v) : node.items;
      return children.every((child) => child.t === "scalar" || child.t === "alias");
    }
  }
}

function comment(ctx: Context, pad: string): void {
  if (ctx.style.comments && ctx.random() < 0.1) ctx.lines.push(ctx.random() < 0.5 ? "" : pad);
  if (ctx.style.comments && ctx.random() < 0.25)
    ctx.lines.push(`${pad}# ${pick(ctx, ["managed by platform team", "see runbook", "TODO: tighten", "keep in sync with staging"])}`);
}

function trailing(ctx: Context): string {
  return ctx.style.comments && ctx.random() < 0.15 ? "  # note" : "";
}

/** A block scalar for a string value, when the style asks for it and the string allows it. */
function blockScalar(ctx: Context, v: Scalar, indent: number): string[] | null {
  if (ctx.style.scalars !== "block" || typeof v !== "string" || v.length < 8) return null;
  if (/^\s|[ \t]$|\t|\r/.test(v) || v.includes("\n\n") || /^\s*$/.test(v)) return null;
  const pad = " ".repeat(indent);
  const multiLine = v.replace(/\n$/, "").includes("\n");
  const chomp = v.endsWith("\n") ? (v.endsWith("\n\n") ? null : "") : "-";
  if (chomp === null) return null;
  const body = v.replace(/\n$/, "").split("\n");
  if (body.some((line) => /^\s/.test(line)) && /^\s/.test(body[0])) return null;
  // folding keeps a single line as it is; lines of their own need the literal style
  const folded = !multiLine && !/ {2}/.test(v) && ctx.random() < 0.5;
  if (folded) {
    // a folded scalar joins its lines with one space: the words of one line may sit on several
    const words = v.replace(/\n$/, "").split(" ");
    const lines: string[] = [];
    for (const word of words) {
      if (lines.length > 0 && ctx.random() < 0.6) lines[lines.length - 1] += ` ${word}`;
      else lines.push(word);
    }
    return [`>${chomp}`, ...lines.map((line) => pad + line)];
  }
  return [`|${chomp}`, ...body.map((line) => (line === "" ? "" : pad + line))];
}

function emitMapEntries(ctx: Context, node: Node & { t: "map" }, indent: number, path: string[], firstPrefix: string | null): void {
  const pad = " ".repeat(indent);
  node.entries.forEach(([k, v], index) => {
    const lead = index === 0 && firstPrefix !== null ? firstPrefix : pad;
    if (!(index === 0 && firstPrefix !== null)) comment(ctx, pad);
    if (ctx.style.explicitKeys && !(index === 0 && firstPrefix !== null) && k !== "<<" && ctx.random() < 0.2) {
      ctx.lines.push(`${pad}? ${keyText(ctx, k, false)}`);
      emitValue(ctx, `${pad}:`, v, indent, [...path, k]);
      return;
    }
    const key = `${lead}${keyText(ctx, k, false)}:`;
    emitValue(ctx, key, v, indent, [...path, k]);
  });
}

/** Writes `head` (a key with its colon, or a dash) followed by the value. */
function emitValue(ctx: Context, head: string, v: Node, indent: number, path: string[]): void {
  if (v.t === "alias") {
    ctx.lines.push(`${head} *${v.name}${trailing(ctx)}`);
    return;
  }
  if (v.t === "scalar") {
    const block = blockScalar(ctx, v.v, indent + ctx.style.indent);
    if (block) {
      ctx.lines.push(`${head} ${anchorPrefix(v)}${block[0]}`, ...block.slice(1));
      return;
    }
    const text = scalarText(ctx, v.v, false, " ".repeat(indent + ctx.style.indent));
    if (ctx.style.foldPlain && typeof v.v === "string" && text === v.v && / [^ ]/.test(v.v) && !/ {2}/.test(v.v) && ctx.random() < 0.7) {
      // a plain scalar over several lines: each line break between words reads as one space
      const words = v.v.split(" ");
      const pad = " ".repeat(indent + ctx.style.indent);
      const lines = [`${head} ${anchorPrefix(v)}${words[0]}`];
      for (const word of words.slice(1)) {
        if (ctx.random() < 0.5) lines[lines.length - 1] += ` ${word}`;
        else lines.push(pad + word);
      }
      ctx.lines.push(...lines);
      return;
    }
    ctx.lines.push(`${head} ${anchorPrefix(v)}${text}${trailing(ctx)}`);
    return;
  }
  if (isFlow(ctx, v, path)) {
    const items = v.t === "map" ? v.entries.length : v.t === "seq" ? v.items.length : 0;
    if (ctx.style.multilineFlow && items > 1) {
      // one entry a line, as JSON-minded people write flow collections, with a trailing comma
      const pad = " ".repeat(indent + ctx.style.indent);
      const parts =
        v.t === "map" ? v.entries.map(([k, child]) => `${keyText(ctx, k, true)}: ${flowText(ctx, child)}`) : v.items.map((child) => flowText(ctx, child));
      const [open, close] = v.t === "map" ? ["{", "}"] : ["[", "]"];
      ctx.lines.push(`${head} ${anchorPrefix(v)}${open}`, ...parts.map((part) => `${pad}${part},`), `${pad}${close}`);
      return;
    }
    ctx.lines.push(`${head} ${flowText(ctx, v)}`);
    return;
  }
  const a = "anchor" in v && v.anchor ? ` &${v.anchor}` : "";
  ctx.lines.push(`${head}${a}`);
  if (v.t === "map") emitMapEntries(ctx, v, indent + ctx.style.indent, path, null);
  else emitSeq(ctx, v, ctx.style.indentSequences || head.trimStart().startsWith("-") ? indent + ctx.style.indent : indent, path);
}

function emitSeq(ctx: Context, node: Node & { t: "seq" }, indent: number, path: string[]): void {
  const pad = " ".repeat(indent);
  for (const item of node.items) {
    comment(ctx, pad);
    if (item.t === "map" && !item.anchor && !isFlow(ctx, item, path)) {
      emitMapEntries(ctx, item, indent + ctx.style.indent, path, `${pad}-${" ".repeat(ctx.style.indent - 1)}`);
    } else {
      emitValue(ctx, `${pad}-`, item, indent, path);
    }
  }
}

function emitDocument(ctx: Context, doc: unknown): void {
  const root = share(doc, ctx.style, ctx.random);
  if (root.t !== "map") throw new Error("a document is a map");
  if (ctx.style.collections === "flow-all" && ctx.random() < 0.3) {
    ctx.lines.push(flowText(ctx, root));
    return;
  }
  emitMapEntries(ctx, root, 0, [], null);
}

/** The chart template `helm template` names for a document. */
export function helmSourceOf(doc: unknown, index: number): string {
  const kind = (doc as { kind?: unknown }).kind;
  return `ledger/templates/${typeof kind === "string" ? kind.toLowerCase() : "object"}-${index}.yaml`;
}

/** The text of `docs` in `style` (LF or CRLF line ends; encoding is applied by `encode`). */
/**
 * What `kubectl get -o json` prints for the documents: one object as itself, several as one flat
 * `List` (a list's items are spliced in: kubectl never nests lists).
 */
export function jsonDocument(docs: readonly unknown[]): unknown {
  const items = docs.flatMap((doc) => {
    const list = doc as { kind?: unknown; items?: unknown };
    return typeof list.kind === "string" && list.kind.endsWith("List") && Array.isArray(list.items) ? (list.items as unknown[]) : [doc];
  });
  return items.length === 1 ? items[0] : { apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items };
}

export function render(docs: readonly unknown[], style: Style): string {
  if (style.json) {
    const text = JSON.stringify(jsonDocument(docs), null, style.indent) + "\n";
    return style.crlf ? text.replace(/\n/g, "\r\n") : text;
  }
  const ctx: Context = { style, random: mulberry32(style.seed), lines: [] };
  if (style.comments) ctx.lines.push("# Generated manifests for the payments team");
  // no `%YAML` directive: kubectl cuts the stream at `---` lines first, so it cannot read one (Modelgate refuses it too)
  if (style.leadingSeparator) ctx.lines.push("---");
  docs.forEach((doc, index) => {
    if (index > 0) {
      if (style.documentEnd) ctx.lines.push("...");
      ctx.lines.push(style.separator === "comment" ? `--- # ${index}` : style.separator === "trailing-blanks" ? "--- \t " : "---");
      if (style.emptyDocument && index === 1) ctx.lines.push("---");
    }
    if (style.helmSources) ctx.lines.push(`# Source: ${helmSourceOf(doc, index)}`);
    emitDocument(ctx, doc);
  });
  const text = ctx.lines.join("\n") + "\n";
  return style.crlf ? text.replace(/\n/g, "\r\n") : text;
}

/** The bytes of `text` in the style's encoding. */
export function encode(text: string, encoding: Style["encoding"]): Buffer {
  switch (encoding) {
    case "utf8":
      return Buffer.from(text, "utf8");
    case "utf8-bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
    case "utf16le-bom":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    case "utf16be-bom": {
      const le = Buffer.from(text, "utf16le");
      const be = Buffer.alloc(le.length);
      for (let i = 0; i < le.length; i += 2) {
        be[i] = le[i + 1];
        be[i + 1] = le[i];
      }
      return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
    }
  }
}
