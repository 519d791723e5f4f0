/**
 * `modelgate bundle export` writes a bundle's Rego and data out of the archive: one hostile
 * entry (a `..` path, an absolute path, a link, a file named twice) must refuse the whole export,
 * with or without a verification key, and write nothing. Each row adds one entry to the built-in
 * bundle's archive; adding a row needs no test code.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { readTarEntries, MAX_EXPANDED_BYTES } from "../../src/bundle/tar";
import { runCli, tempDir } from "./pack-helpers";

const BUILTIN = path.join(__dirname, "..", "..", "build", "bundle", "bundle.tar.gz");

interface RawEntry {
  name: string;
  type?: string;
  body?: string;
  link?: string;
}

/** A ustar header written by hand: the product's writer cannot write the hostile entries on purpose. */
function header(entry: RawEntry, size: number): Buffer {
  const block = Buffer.alloc(512);
  const octal = (value: number, length: number): string => value.toString(8).padStart(length - 1, "0") + "\0";
  block.write(entry.name, 0, "utf8");
  block.write(octal(0o644, 8), 100, "ascii");
  block.write(octal(0, 8), 108, "ascii");
  block.write(octal(0, 8), 116, "ascii");
  block.write(octal(size, 12), 124, "ascii");
  block.write(octal(0, 12), 136, "ascii");
  block.write("        ", 148, "ascii");
  block.write(entry.type ?? "0", 156, "ascii");
  if (entry.link) block.write(entry.link, 157, "utf8");
  block.write("ustar\0", 257, "ascii");
  block.write("00", 263, "ascii");
  block.write(
    octal(
      block.reduce((sum, b) => sum + b, 0),
      7,
    ) + " ",
    148,
    "ascii",
  );
  return block;
}

function archive(extra: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  const all: RawEntry[] = [...readTarEntries(readFileSync(BUILTIN)).map((e) => ({ name: e.written, type: e.type, body: e.body.toString("utf8") })), ...extra];
  for (const entry of all) {
    const body = Buffer.from(entry.body ?? "");
    blocks.push(header(entry, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

const REGO = "package evil\n\nx := 1\n";

describe("bundle export refuses hostile archives and writes nothing", () => {
  const work = tempDir("modelgate-export-");

  it.each<[string, RawEntry[], RegExp]>([
    ["a `..` segment", [{ name: "/../../escape.rego", body: REGO }], /is a `\.\.` segment; nothing was exported/],
    ["a `..` segment inside the path", [{ name: "/policies/../../../escape.rego", body: REGO }], /is a `\.\.` segment/],
    ["an absolute path", [{ name: "//etc/escape.rego", body: REGO }], /is an absolute path/],
    ["a drive-letter path", [{ name: "C:/escape.rego", body: REGO }], /is an absolute path/],
    ["a backslash path", [{ name: "/..\\escape.rego", body: REGO }], /backslash/],
    ["a symbolic link", [{ name: "/policies/link.rego", type: "2", link: "/etc/passwd" }], /is a symbolic link/],
    ["a hard link", [{ name: "/policies/hard.rego", type: "1", link: "/policies/main.rego" }], /is a hard link/],
    ["a device", [{ name: "/policies/dev.rego", type: "3" }], /not a regular file/],
    ["a FIFO", [{ name: "/policies/fifo.rego", type: "6" }], /not a regular file/],
    ["a file named twice", [{ name: "/data.json", body: "{}" }], /data\.json is in the archive twice/],
  ])("%s", async (name, extra, message) => {
    const bundle = path.join(work, `${name.replace(/\W+/g, "-")}.tar.gz`);
    writeFileSync(bundle, archive(extra));
    const out = path.join(work, `out-${name.replace(/\W+/g, "-")}`);
    const run = await runCli(["bundle", "export", bundle, "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(path.join(work, "escape.rego"))).toBe(false);
  });

  it("exports the same archive without the hostile entry", async () => {
    const bundle = path.join(work, "clean.tar.gz");
    writeFileSync(bundle, archive([]));
    const out = path.join(work, "out-clean");
    const run = await runCli(["bundle", "export", bundle, "--out", out]);
    expect(run.code).toBe(0);
    expect(existsSync(path.join(out, "data", "data.json"))).toBe(true);
  });

  it("refuses an archive that expands past the cap before reading a file", async () => {
    const bomb = path.join(work, "bomb.tar.gz");
    mkdirSync(work, { recursive: true });
    writeFileSync(bomb, gzipSync(Buffer.alloc(MAX_EXPANDED_BYTES + 1024)));
    const out = path.join(work, "out-bomb");
    const exported = await runCli(["bundle", "export", bomb, "--out", out]);
    expect(exported.code).toBe(2);
    expect(exported.stderr).toMatch(/expands to more than \d+ bytes/);
    expect(existsSync(out)).toBe(false);
    const checked = await runCli(["check", "examples/kubernetes", "--bundle", bomb]);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toMatch(/expands to more than \d+ bytes/);
  });
});
