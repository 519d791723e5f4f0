import type { SourceLocation } from "../model/canonical";
import type { ParsedDocument } from "../parse/document";

export type SourceResolver = (source: SourceLocation) => SourceLocation;

/**
 * Resolves the deferred line and column of locations produced by `sourceAt`, by asking the parsed
 * document for the position of the pointer. Locations that already carry a position pass through.
 */
export function sourceResolver(parsed: readonly ParsedDocument[]): SourceResolver {
  const byKey = new Map<string, ParsedDocument>();
  for (const doc of parsed) byKey.set(`${doc.file}\u0000${doc.index}`, doc);
  return documentResolver((file, index) => byKey.get(`${file}\u0000${index}`));
}

/** The same, with the documents found by `lookup` (a scan shard adds documents as it goes). */
export function documentResolver(lookup: (file: string, index: number) => ParsedDocument | undefined): SourceResolver {
  return (source) => {
    if (source.document === undefined) return source;
    const doc = lookup(source.file, source.document);
    const position = doc ? doc.locate(source.pointer) : { line: 0, column: 0 };
    // helm template output reports at the `# Source:` template (src/parse/helm-source.ts)
    return { file: position.file ?? source.file, line: position.line, column: position.column, pointer: source.pointer };
  };
}

function isSource(value: Record<string, unknown>): value is SourceLocation & Record<string, unknown> {
  return typeof value.file === "string" && typeof value.pointer === "string" && typeof value.line === "number" && typeof value.column === "number";
}

/** A copy of any canonical value with every deferred location resolved (for output and tests). */
export function resolveAllSources<T>(value: T, resolve: SourceResolver): T {
  if (Array.isArray(value)) return value.map((item: unknown) => resolveAllSources(item, resolve)) as T;
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if (isSource(record)) return resolve(record) as T;
  return Object.fromEntries(Object.entries(record).map(([key, child]) => [key, resolveAllSources(child, resolve)])) as T;
}
