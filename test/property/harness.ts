/**
 * The real `modelgate check` pipeline in-process: the bytes are written to a file of their own,
 * scanned with the default bundle and no project config, and the exit code is computed as
 * src/cli/check.ts computes it (default --fail-on high, an empty scan exits 2).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { EXIT_ERROR, exitCode } from "../../src/cli/exit";
import { readBundle } from "../../src/bundle/read";
import { applyConfig, loadConfig, type LoadedConfig } from "../../src/config/load";
import { PolicyEngine } from "../../src/engine/engine";
import { projectSettings } from "../../src/config/project";
import { failingFindings } from "../../src/findings/baseline/check";
import type { Finding } from "../../src/findings/types";
import { scan } from "../../src/scan/scan";
import { defaultEngine } from "../helpers/engine";
import { CATALOG_ENDPOINTS, configOf, documentsOf, ENDPOINTS, hasTemplate, INDIRECTIONS, KINDS, PLACES, POSITIONS, WRAPS, type Model } from "./model";
import { COLLECTION_STYLES, ENCODINGS, KEY_STYLES, SCALAR_STYLES, encode, helmSourceOf, render, type Style } from "./emit";

export const FILE = "manifests.yaml";
const SHARED = "shared";

/** The file a rendering is scanned as. */
export function fileOf(style: Style): string {
  return style.json ? "manifests.json" : FILE;
}

export interface RenderedFile {
  file: string;
  docs: unknown[];
  bytes: Buffer;
}

/** Kinds a split model keeps in a file of their own (a kustomize base's shared objects). */
const SHARED_KINDS = new Set(["ConfigMap", "Secret", "Namespace", "Service"]);

/** The files of one rendering: one, or with `split` the shared objects in a second file beside it. */
export function filesFor(model: Model, style: Style): RenderedFile[] {
  const docs = documentsOf(model);
  const rendered = (file: string, part: unknown[]): RenderedFile => ({ file, docs: part, bytes: encode(render(part, style), style.encoding) });
  if (!model.split) return [rendered(fileOf(style), docs)];
  const shared = docs.filter((doc) => SHARED_KINDS.has(String((doc as { kind?: unknown }).kind)));
  const own = docs.filter((doc) => !shared.includes(doc));
  if (shared.length === 0 || own.length === 0) return [rendered(fileOf(style), docs)];
  return [rendered(fileOf(style), own), rendered(`${SHARED}.${style.json ? "json" : "yaml"}`, shared)];
}

/** The files a finding of a rendering may name: the files themselves, or with helm sources the templates. */
export function filesOf(model: Model, style: Style): Set<string> {
  const files = new Set<string>();
  for (const { file, docs } of filesFor(model, style)) {
    files.add(file);
    if (style.helmSources && !style.json) docs.forEach((doc, index) => files.add(helmSourceOf(doc, index)));
  }
  return files;
}

export interface Outcome {
  exit: number;
  findings: Finding[];
}

let dir: string | null = null;

export function workDir(): string {
  dir ??= mkdtempSync(path.join(os.tmpdir(), "modelgate-property-"));
  return dir;
}

export function cleanWorkDir(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
}

const engines = new Map<string, PolicyEngine>();

/** The default bundle with a config's `policy` applied, as `check` applies it (one engine per distinct policy). */
function engineWith(loaded: LoadedConfig): PolicyEngine {
  const key = JSON.stringify(loaded.config.policy);
  let engine = engines.get(key);
  if (!engine) {
    const bundle = readBundle(path.join(__dirname, "..", "..", "build", "bundle"));
    engine = new PolicyEngine({ ...bundle, data: applyConfig(bundle.data, loaded) });
    engines.set(key, engine);
  }
  return engine;
}

/** Scans the files (alone in the work directory), with `config` as ./modelgate.yaml when given (read as `check` reads it). */
export async function check(files: ReadonlyArray<{ file: string; bytes: Buffer }>, config: string | null = null): Promise<Outcome> {
  const cwd = workDir();
  for (const name of readdirSync(cwd)) rmSync(path.join(cwd, name), { recursive: true, force: true });
  for (const { file, bytes } of files) writeFileSync(path.join(cwd, file), bytes);
  const configFile = path.join(cwd, "modelgate.yaml");
  let loaded = null;
  if (config !== null) {
    writeFileSync(configFile, config);
    loaded = loadConfig(configFile, "modelgate.yaml", defaultEngine().catalog.rules);
  }
  const result = await scan({
    paths: files.map(({ file }) => file),
    cwd,
    engine: loaded?.config.policy ? engineWith(loaded) : defaultEngine(),
    workers: 0,
    project: projectSettings(loaded, cwd),
    today: "2026-12-02",
    exclude: [configFile],
  });
  const exit = result.files === 0 && result.inputErrors === 0 ? EXIT_ERROR : exitCode(failingFindings(result.findings), result.inputErrors, "high");
  return { exit, findings: result.findings };
}

/** Scans one rendering of a model, with the modelgate.yaml the model asks for. */
export function checkModel(model: Model, style: Style): Promise<Outcome> {
  const files = filesFor(model, style);
  return check(
    files,
    configOf(
      model,
      files.map(({ file }) => file),
    ),
  );
}

/** Rule ids of the jurisdiction category, from the bundle's catalogue (policies/rules/jurisdiction/). */
export function jurisdictionRules(): Set<string> {
  return new Set(
    defaultEngine()
      .catalog.rules.filter((rule) => rule.category === "jurisdiction")
      .map((rule) => rule.id),
  );
}

/** The rules that say "a regulated workload reaches a denied-jurisdiction operator". */
export function denialRules(): Set<string> {
  return new Set([...jurisdictionRules()].filter((id) => id.startsWith("disallow-denied-jurisdiction-")));
}

export const styleArb: fc.Arbitrary<Style> = fc.record({
  scalars: fc.constantFrom(...SCALAR_STYLES),
  keys: fc.constantFrom(...KEY_STYLES),
  collections: fc.constantFrom(...COLLECTION_STYLES),
  indentSequences: fc.boolean(),
  comments: fc.boolean(),
  anchors: fc.boolean(),
  merges: fc.boolean(),
  separator: fc.constantFrom("plain" as const, "comment" as const, "trailing-blanks" as const),
  explicitKeys: fc.boolean(),
  foldPlain: fc.boolean(),
  leadingSeparator: fc.boolean(),
  emptyDocument: fc.boolean(),
  crlf: fc.boolean(),
  json: fc.boolean(),
  helmSources: fc.boolean(),
  multilineFlow: fc.boolean(),
  indent: fc.constantFrom(2 as const, 4 as const),
  shuffleKeys: fc.boolean(),
  escapes: fc.boolean(),
  tags: fc.boolean(),
  documentEnd: fc.boolean(),
  encoding: fc.constantFrom(...ENCODINGS),
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
});

/** The plainest rendering: what shrinking moves toward. */
export const PLAIN_STYLE: Style = {
  scalars: "plain",
  keys: "plain",
  collections: "block",
  indentSequences: true,
  comments: false,
  anchors: false,
  merges: false,
  separator: "plain",
  explicitKeys: false,
  foldPlain: false,
  leadingSeparator: false,
  emptyDocument: false,
  crlf: false,
  json: false,
  helmSources: false,
  multilineFlow: false,
  indent: 2,
  shuffleKeys: false,
  escapes: false,
  tags: false,
  documentEnd: false,
  encoding: "utf8",
  seed: 0,
};

const NAMES = ["invoice-extractor", "claims-summarizer", "kyc-review", "ledger-bot"];

/** A model; `regulated` and `denied` pin the verdict-deciding dimensions when given. */
export function modelArb(pin: { regulated?: boolean; denied?: boolean; classified?: boolean; dataClass?: Model["dataClass"] } = {}): fc.Arbitrary<Model> {
  const endpoints = ENDPOINTS.filter((e) => pin.denied === undefined || e.denied === pin.denied);
  const catalog = CATALOG_ENDPOINTS.filter((e) => pin.denied === undefined || e.denied === pin.denied);
  return fc
    .record({
      kind: fc.constantFrom(...KINDS),
      wrap: fc.constantFrom(...WRAPS),
      place:
        pin.classified === false
          ? fc.constant(null)
          : pin.classified === true
            ? fc.constantFrom(...PLACES)
            : fc.option(fc.constantFrom(...PLACES), { nil: null }),
      regulated: pin.regulated === undefined ? fc.boolean() : fc.constant(pin.regulated),
      dataClass: pin.dataClass === undefined ? fc.constantFrom("internal" as const, "restricted" as const) : fc.constant(pin.dataClass),
      endpoint: fc.oneof(fc.constantFrom(...endpoints), fc.constantFrom(...catalog)),
      indirection: fc.constantFrom(...INDIRECTIONS),
      decoysBefore: fc.integer({ min: 0, max: 2 }),
      decoysAfter: fc.integer({ min: 0, max: 2 }),
      namespaceDoc: fc.boolean(),
      namespaced: fc.boolean(),
      split: fc.boolean(),
      name: fc.constantFrom(...NAMES),
      position: fc.constantFrom(...POSITIONS),
    })
    .map((model) => {
      // a kind without a pod template is classified on its own metadata
      if (model.place === "conflict-workload-template" && !hasTemplate(model.kind)) return { ...model, place: "conflict-label-annotation" as const };
      if (model.place?.startsWith("template-") && !hasTemplate(model.kind)) {
        return { ...model, place: model.place === "template-label" ? ("workload-label" as const) : ("workload-annotation" as const) };
      }
      return model;
    });
}

/** What a failing run prints: enough to rebuild the file by hand. */
export function describeRun(model: Model, style: Style, outcome: Outcome): string {
  const text = filesFor(model, style)
    .map(({ file, docs }) => `# ${file}\n${render(docs, style)}`)
    .join("");
  const findings = outcome.findings.map((f) => `  ${f.ruleId} ${f.severity} ${f.file}:${f.line} ${f.resource}: ${f.message}`).join("\n");
  return `exit ${outcome.exit}\nmodel ${JSON.stringify({ ...model, endpoint: model.endpoint.id })}\nstyle ${JSON.stringify(style)}\nfindings:\n${findings || "  (none)"}\n--- text ---\n${text}`;
}
