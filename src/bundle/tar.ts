import { gunzipSync, gzipSync } from "node:zlib";

export interface TarEntry {
  /** Path inside the archive, without leading slashes. */
  name: string;
  /** The path exactly as the archive writes it (OPA writes `/data.json`), for checks on what it says. */
  written: string;
  /** ustar type flag: "0" regular file, "5" directory, "2" symlink, ... */
  type: string;
  body: Buffer;
}

function paxPath(body: Buffer): string | null {
  // Records are "<length> <key>=<value>\n".
  let offset = 0;
  let found: string | null = null;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    if (space < 0) break;
    const length = parseInt(body.subarray(offset, space).toString("utf8"), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = body.subarray(space + 1, offset + length - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq > 0 && record.slice(0, eq) === "path") found = record.slice(eq + 1);
    offset += length;
  }
  return found;
}

/**
 * Most a bundle archive may expand to. The built-in bundle is under 4 MiB; a gzip bomb (1 KiB of
 * zeros per byte) would otherwise fill memory before a single file could be checked.
 */
export const MAX_EXPANDED_BYTES = 64 * 1024 * 1024;

/** Every entry of a gzipped tar archive (ustar, with pax and GNU long names), in archive order. */
export function readTarEntries(bytes: Buffer, maxExpanded = MAX_EXPANDED_BYTES): TarEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: maxExpanded });
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw new Error(`the archive expands to more than ${maxExpanded} bytes; refused before reading any file`);
    }
    throw error;
  }
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | null = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number): string =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const name = field(0, 100);
    const prefix = header.subarray(257, 263).toString("latin1") === "ustar\0" ? field(345, 155) : "";
    const size = parseInt(field(124, 12).trim() || "0", 8);
    if (!Number.isFinite(size) || size < 0) throw new Error(`tar entry ${name} has an invalid size`);
    const type = field(156, 1) || "0";
    const body = Buffer.from(tar.subarray(offset + 512, offset + 512 + size));
    if (body.length !== size) throw new Error(`tar entry ${name} is truncated`);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "x") {
      longName = paxPath(body) ?? longName;
      continue;
    }
    if (type === "L") {
      longName = body.toString("utf8").replace(/\0.*$/s, "");
      continue;
    }
    if (type === "g") continue; // global pax header: no per-file meaning here
    const full = longName ?? (prefix ? `${prefix}/${name}` : name);
    longName = null;
    entries.push({ name: full.replace(/^\/+/, ""), written: full, type: type === "\0" ? "0" : type, body });
  }
  return entries;
}

/** Reads the regular files of a gzipped ustar archive (what `opa build` writes) into memory. */
export function readTarGz(bytes: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readTarEntries(bytes)) if (entry.type === "0" || entry.type === "7") files.set(entry.name, entry.body);
  return files;
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, "0") + "\0";
}

function header(name: string, size: number, type: string): Buffer {
  const block = Buffer.alloc(512);
  let base = name;
  let prefix = "";
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", name.length - 1);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(base) > 100 || Buffer.byteLength(prefix) > 155) throw new Error(`tar path too long: ${name}`);
  }
  block.write(base, 0, "utf8");
  block.write(octal(0o644, 8), 100, "ascii");
  block.write(octal(0, 8), 108, "ascii");
  block.write(octal(0, 8), 116, "ascii");
  block.write(octal(size, 12), 124, "ascii");
  block.write(octal(0, 12), 136, "ascii");
  block.write("        ", 148, "ascii");
  block.write(type, 156, "ascii");
  block.write("ustar\0", 257, "ascii");
  block.write("00", 263, "ascii");
  block.write(prefix, 345, "utf8");
  const sum = block.reduce((acc, b) => acc + b, 0);
  block.write(octal(sum, 7) + " ", 148, "ascii");
  return block;
}

/** A gzipped ustar archive of regular files with fixed owner and time, so equal inputs give equal bytes. */
export function writeTarGz(files: Iterable<readonly [string, Buffer]>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, body] of files) {
    blocks.push(header(`/${name.replace(/^\/+/, "")}`, body.length, "0"), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
