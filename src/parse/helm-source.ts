/**
 * `helm template` output: every document is preceded by `# Source: <chart>/templates/<file>.yaml`.
 * Findings in such a document are reported at that template, so a user fixes the chart rather than
 * the rendered copy:
 *   - file: the `# Source:` path resolved against the directory of the rendered file. Running
 *     `helm template chat ./chat > chat.yaml` next to the chart makes it the template itself
 *     (`chat/templates/deployment.yaml`). When the scanned file already ends with the Source path
 *     (`helm template --output-dir out ./chat` writes `out/chat/templates/deployment.yaml`), the
 *     file and its lines are kept as they are.
 *   - line: the line within the rendered document, counted from the `# Source:` comment (its first
 *     line after the comment is line 1). Where the template has no directives that print nothing,
 *     this is the template's own line; otherwise it is close to it. Columns are the rendered ones.
 * Only positions change: the document keeps its real file and index for everything else (joins,
 * waivers, position lookups), so two rendered files of the same chart never collide.
 */

import path from "node:path";
import type { ParsedDocument, Position } from "./document";

export interface HelmSource {
  /** The path as helm printed it, e.g. `chat/templates/deployment.yaml`. */
  path: string;
  /** 1-based line of the `# Source:` comment in the rendered file. */
  line: number;
}

const SOURCE_COMMENT = /^#\s*Source:\s*(\S(?:.*\S)?)\s*$/;
const DOCUMENT_START = /^---(?:\s|$)/;
const DOCUMENT_END = /^\.\.\.(?:\s|$)/;

/** A cheap test before any work: only helm output carries the comment. */
export function mayHaveHelmSources(text: string): boolean {
  return text.includes("# Source:");
}

/**
 * The `# Source:` comment of each document, by document index (the index both YAML parsers give
 * the document: a `---` opens a new document unless nothing but comments came before it).
 */
export function helmSources(text: string): Map<number, HelmSource> {
  const sources = new Map<number, HelmSource>();
  let index = 0;
  let started = false;
  let ended = false;
  let hasContent = false;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, "");
    if (DOCUMENT_START.test(line)) {
      if (started || ended) index++;
      started = true;
      ended = false;
      hasContent = line.slice(3).trim() !== "" && !line.slice(3).trim().startsWith("#");
      continue;
    }
    if (DOCUMENT_END.test(line)) {
      ended = true;
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === "") continue;
    if (line.startsWith("#")) {
      const match = SOURCE_COMMENT.exec(line);
      // after a `...` end marker, a comment already belongs to the next document
      const target = ended ? index + 1 : index;
      if (match && (ended || !hasContent) && !sources.has(target)) sources.set(target, { path: match[1], line: i + 1 });
      continue;
    }
    if (ended) {
      index++;
      ended = false;
    }
    started = true;
    hasContent = true;
  }
  return sources;
}

/** Where findings of a document with this Source path are shown; null keeps the rendered file. */
export function helmDisplayPath(renderedFile: string, sourcePath: string): string | null {
  const source = sourcePath.replace(/\\/g, "/");
  if (renderedFile === "-") return source;
  const rendered = renderedFile.split(path.sep).join("/");
  if (rendered === source || rendered.endsWith(`/${source}`)) return null;
  return path.posix.normalize(path.posix.join(path.posix.dirname(rendered), source));
}

/** The documents with positions reported at their `# Source:` template (see the module comment). */
export function withHelmSources(file: string, text: string, documents: ParsedDocument[]): ParsedDocument[] {
  if (documents.length === 0 || !mayHaveHelmSources(text)) return documents;
  const sources = helmSources(text);
  if (sources.size === 0) return documents;
  return documents.map((doc) => {
    const source = sources.get(doc.index);
    if (!source) return doc;
    const display = helmDisplayPath(file, source.path);
    if (display === null) return doc;
    return {
      ...doc,
      helmSource: source.path,
      locate(pointer: string): Position {
        const position = doc.locate(pointer);
        return { line: position.line > source.line ? position.line - source.line : 0, column: position.column, file: display };
      },
    };
  });
}
