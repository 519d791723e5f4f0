/**
 * Layers only point down: no import cycle between the folders of src/. A node is a folder directly
 * under src/ (files directly in src/adapters belong to "adapters"), each sub-folder of src/adapters,
 * or a file directly in src/ ("paths.ts"). Imports are read with the TypeScript compiler
 * (`ts.preProcessFile`, including `import type`, re-exports, `import()` and `require`) and resolved
 * as tsc resolves them. A cycle fails with every import that joins its folders, file by file, the
 * thinnest edge first: that is usually the one that points up.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const REPO = path.join(__dirname, "..", "..");
const SRC = path.join(REPO, "src");

interface Edge {
  from: string;
  to: string;
  /** "src/a/x.ts -> src/b/y.ts", one per import. */
  imports: string[];
}

type FolderEdge = Pick<Edge, "from" | "to">;

/**
 * Edges allowed to close a cycle: none. Kept as a list so that a deliberate, reviewed exception has
 * one place to go (with the work that removes it); an entry that no longer closes a cycle fails.
 */
const ALLOWED: ReadonlyArray<{ name: string; removedBy: string; matches: (edge: FolderEdge) => boolean }> = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [path.join(dir, entry.name)] : []))
    .sort();
}

/** The layer a file of src/ belongs to. */
export function nodeOf(relative: string): string {
  const segments = relative.split("/");
  if (segments.length === 1) return segments[0];
  if (segments[0] === "adapters" && segments.length > 2) return `adapters/${segments[1]}`;
  return segments[0];
}

function compilerOptions(): ts.CompilerOptions {
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(REPO, "tsconfig.json"), {}, host);
  if (!parsed) throw new Error("tsconfig.json could not be read");
  return parsed.options;
}

/** Folder edges of src/ with the file imports behind each; imports that do not resolve are returned apart. */
function importGraph(): { edges: Edge[]; unresolved: string[]; nodes: Set<string> } {
  const options = compilerOptions();
  const edges = new Map<string, Edge>();
  const unresolved: string[] = [];
  const nodes = new Set<string>();
  const rel = (file: string): string => path.relative(SRC, file).split(path.sep).join("/");
  for (const file of sourceFiles(SRC)) {
    const from = nodeOf(rel(file));
    nodes.add(from);
    for (const imported of ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles) {
      if (!imported.fileName.startsWith(".")) continue;
      const resolved = ts.resolveModuleName(imported.fileName, file, options, ts.sys).resolvedModule?.resolvedFileName;
      if (!resolved) {
        unresolved.push(`src/${rel(file)} imports ${imported.fileName}`);
        continue;
      }
      if (!path.resolve(resolved).startsWith(SRC + path.sep)) continue;
      const to = nodeOf(rel(path.resolve(resolved)));
      if (to === from) continue;
      const key = `${from} -> ${to}`;
      const edge = edges.get(key) ?? { from, to, imports: [] };
      edge.imports.push(`src/${rel(file)} -> src/${rel(path.resolve(resolved))}`);
      edges.set(key, edge);
    }
  }
  return { edges: [...edges.values()], unresolved, nodes };
}

/** Strongly connected components with more than one node (Tarjan), each sorted, in a stable order. */
export function cycles(edges: readonly FolderEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node)!) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return found.sort((a, b) => a[0].localeCompare(b[0]));
}

function explainCycle(component: string[], edges: Edge[]): string {
  const inside = edges
    .filter((e) => component.includes(e.from) && component.includes(e.to))
    .sort((a, b) => a.imports.length - b.imports.length || `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`));
  return [
    `cycle between ${component.join(", ")}; its edges, thinnest first:`,
    ...inside.map((e) => `  ${e.from} -> ${e.to} (${e.imports.length}): ${e.imports.join(", ")}`),
  ].join("\n");
}

const allowed = (edge: FolderEdge): boolean => ALLOWED.some((entry) => entry.matches(edge));

describe("cycle finder", () => {
  const cases: Array<{ name: string; edges: Array<[string, string]>; cycles: string[][] }> = [
    {
      name: "a chain has none",
      edges: [
        ["cli", "engine"],
        ["engine", "bundle"],
        ["bundle", "signing"],
      ],
      cycles: [],
    },
    {
      name: "two folders importing each other",
      edges: [
        ["engine", "bundle"],
        ["bundle", "engine"],
      ],
      cycles: [["bundle", "engine"]],
    },
    {
      name: "a long loop",
      edges: [
        ["a", "b"],
        ["b", "c"],
        ["c", "d"],
        ["d", "a"],
        ["d", "e"],
      ],
      cycles: [["a", "b", "c", "d"]],
    },
    {
      name: "two separate loops",
      edges: [
        ["a", "b"],
        ["b", "a"],
        ["c", "d"],
        ["d", "c"],
        ["b", "c"],
      ],
      cycles: [
        ["a", "b"],
        ["c", "d"],
      ],
    },
  ];
  test.each(cases)("$name", ({ edges, cycles: expected }) => {
    expect(cycles(edges.map(([from, to]) => ({ from, to })))).toEqual(expected);
  });

  test.each([
    ["paths.ts", "paths.ts"],
    ["engine/engine.ts", "engine"],
    ["adapters/registry.ts", "adapters"],
    ["adapters/kubernetes/objects.ts", "adapters/kubernetes"],
    ["bundle/read.ts", "bundle"],
  ])("%s belongs to %s", (file, node) => expect(nodeOf(file)).toBe(node));
});

describe("layers of src/", () => {
  const graph = importGraph();

  test("every relative import resolves", () => {
    expect(graph.unresolved).toEqual([]);
  });

  test("the graph is the real one", () => {
    // Guards against a walk that finds nothing and so no cycle.
    expect(graph.nodes.size).toBeGreaterThan(20);
    expect(graph.edges.find((e) => e.from === "cli" && e.to === "engine")).toBeDefined();
  });

  test("no folder cycle outside the allow-list", () => {
    const found = cycles(graph.edges.filter((edge) => !allowed(edge)));
    const report = found.map((component) => explainCycle(component, graph.edges)).join("\n\n");
    expect(report).toBe("");
  });

  test("every allow-list entry still closes a cycle (delete it once its work lands)", () => {
    const needed = (entry: (typeof ALLOWED)[number]): boolean => {
      const others = ALLOWED.filter((other) => other !== entry);
      const kept = graph.edges.filter((edge) => !others.some((other) => other.matches(edge)));
      return cycles(kept).length > 0;
    };
    expect(ALLOWED.filter((entry) => !needed(entry)).map((entry) => `${entry.name} (${entry.removedBy})`)).toEqual([]);
  });
});
