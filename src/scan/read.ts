import { readFileSync } from "node:fs";
import type { DiscoveredFile } from "../parse/discover";
import type { ParsedDocument } from "../parse/document";
import { InputError } from "../parse/errors";
import type { ParseLimits } from "../parse/limits";
import { decodeText, parseText } from "../parse/parse-text";

export interface ReadResult {
  documents: ParsedDocument[];
  errors: InputError[];
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads and parses one file; every failure comes back as an InputError naming the file and position. */
export async function readAndParse(file: DiscoveredFile, limits: ParseLimits): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = file.absolute === "-" ? await readStdin() : readFileSync(file.absolute);
  } catch (error) {
    return { documents: [], errors: [new InputError(file.display, 0, 0, `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)] };
  }
  try {
    const text = decodeText(file.display, bytes, limits);
    return parseText(file.display, text, limits);
  } catch (error) {
    if (error instanceof InputError) return { documents: [], errors: [error] };
    throw error;
  }
}
