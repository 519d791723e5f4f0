import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import type { DiscoveredFile } from "../parse/discover";
import { encodePointer, type ParsedDocument } from "../parse/document";
import { InputError } from "../parse/errors";
import type { ParseLimits } from "../parse/limits";
import { decodeText, parseText } from "../parse/parse-text";

export interface ReadResult {
  documents: ParsedDocument[];
  errors: InputError[];
}

class TooLarge extends Error {}

/** Reads stdin up to the limit; stops (and fails) as soon as it is exceeded, even if stdin stays open. */
async function readStdin(limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      process.stdin.destroy();
      throw new TooLarge(`stdin is over the ${limit}-byte limit`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads a regular file of at most `limit` bytes; devices, FIFOs and oversized files are refused unread. */
function readRegularFile(path: string, limit: number): Buffer {
  // O_NONBLOCK: a FIFO put where a file was listed must not block the scan in open(2); regular files ignore it.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new InputError(path, 0, 0, "not a regular file");
    if (stat.size > limit) throw new TooLarge(`file is ${stat.size} bytes, over the ${limit}-byte limit`);
    const buffer = Buffer.alloc(stat.size);
    let offset = 0;
    while (offset < stat.size) {
      const read = readSync(fd, buffer, offset, stat.size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return buffer.subarray(0, offset);
  } finally {
    closeSync(fd);
  }
}

const LIST_INDEX_BASE = 1_000_000;
/**
 * Lists read inside lists. kubectl flattens a List inside a List; deeper nesting is refused as
 * invalid input rather than read, as item indexes would leave the integers a double holds exactly.
 */
const MAX_LIST_NESTING = 2;

function isUntypedItem(item: unknown): item is Record<string, unknown> {
  return item !== null && typeof item === "object" && !Array.isArray(item) && (item as { kind?: unknown }).kind === undefined;
}

/**
 * `kind: List` of any apiVersion (what `kubectl get -o yaml` prints) or a typed list such as
 * `DeploymentList` (what the API returns) holds its objects in `items`: each becomes a
 * document of its own, located inside the list, so adapters see the Deployment, not the wrapper.
 */
function expandLists(documents: ParsedDocument[], errors: InputError[], depth = 0): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  for (const doc of documents) {
    const value = doc.value as { kind?: unknown; apiVersion?: unknown; items?: unknown } | null;
    if (
      value === null ||
      typeof value !== "object" ||
      typeof value.apiVersion !== "string" ||
      typeof value.kind !== "string" ||
      !value.kind.endsWith("List") ||
      !Array.isArray(value.items)
    ) {
      out.push(doc);
      continue;
    }
    if (depth >= MAX_LIST_NESTING) {
      const { line, column } = doc.locate("");
      errors.push(
        new InputError(doc.file, line, column, `a ${value.kind} inside ${depth} enclosing lists: deeper than Modelgate reads (at most ${MAX_LIST_NESTING})`),
      );
      continue;
    }
    const { apiVersion } = value;
    // a typed list (DeploymentList, what the API returns) leaves its items' kind and apiVersion out
    const itemKind = value.kind === "List" ? null : value.kind.slice(0, -"List".length);
    const items = value.items.map((item, i): ParsedDocument => {
      const base = encodePointer(["items", i]);
      return {
        file: doc.file,
        // Distinct from every real document index (and from the items of other lists), so deferred positions find this item.
        index: LIST_INDEX_BASE * (doc.index + 1) + i,
        value: itemKind !== null && isUntypedItem(item) ? { apiVersion, kind: itemKind, ...item } : item,
        locate: (pointer) => doc.locate(base + pointer),
        ...(doc.helmSource !== undefined ? { helmSource: doc.helmSource } : {}),
      };
    });
    // kubectl applies a List inside a List too: its items are objects like any other
    out.push(...expandLists(items, errors, depth + 1));
  }
  return out;
}

/** Reads and parses one file; every failure comes back as an InputError naming the file and position. */
export async function readAndParse(file: DiscoveredFile, limits: ParseLimits): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = file.absolute === "-" ? await readStdin(limits.maxFileBytes) : readRegularFile(file.absolute, limits.maxFileBytes);
  } catch (error) {
    if (error instanceof InputError) return { documents: [], errors: [new InputError(file.display, 0, 0, error.message)] };
    if (error instanceof TooLarge) return { documents: [], errors: [new InputError(file.display, 0, 0, error.message)] };
    return {
      documents: [],
      errors: [new InputError(file.display, 0, 0, `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)],
    };
  }
  try {
    const text = decodeText(file.display, bytes, limits);
    const parsed = parseText(file.display, text, limits);
    const errors = [...parsed.errors];
    const documents = expandLists(parsed.documents, errors);
    return { documents, errors };
  } catch (error) {
    if (error instanceof InputError) return { documents: [], errors: [error] };
    throw error;
  }
}
