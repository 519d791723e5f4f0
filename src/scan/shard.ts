import { readFileSync } from "node:fs";
import { catalogFromBundleData, type CatalogView } from "../adapters/core/catalog";
import { ADAPTERS } from "../adapters/registry";
import { ScanIndex } from "../adapters/core/scan-index";
import { isKubeObject } from "../adapters/core/objects";
import { sourceAt, type AdapterContext } from "../adapters/core/types";
import { ClassificationPaths, type ProjectSettings } from "../config/project";
import { contextsByMapping, pointAtMapping } from "./contexts";
import type { PolicyEngine } from "../engine/engine";
import { findingFromMetadata } from "../findings/build";
import type { Finding } from "../findings/types";
import type { LlmUsageDocument, SourceLocation } from "../model/canonical";
import type { DiscoveredFile } from "../parse/discover";
import type { ParsedDocument, Position } from "../parse/document";
import type { InputError } from "../parse/errors";
import type { ParseLimits } from "../parse/limits";
import { decodeText, parseText } from "../parse/parse-text";
import { carrierWaivers, documentCentralWaivers, waiveCentrally, waiveInline, waiverCheck, type CarrierWaivers } from "../findings/post-engine";
import type { Waiver, WaiverCheck } from "../findings/waivers/waiver";
import { adaptOne } from "../adapters/core/adapt";
import { documentKey, isIndexed, type IndexEntry } from "./index-entries";
import { documentResolver, type SourceResolver } from "./positions";
import { readAndParse } from "./read";
import { settingsFromBundleData } from "./settings";
import { coverageOf, judgedAt, type Coverage, type Reach } from "../sweep/sweep";
import { documentSightings, type PendingSightings } from "../sweep/pending";
import { coveringCarriers, documentStackWaivers, waiverCarriers } from "./waiver-carriers";
import { documentKind, type KindRead } from "./kinds";
import { applyNamespace, DeployedNamespaces, isNamespaceSource, namespaceRuleOf } from "./deployed-namespaces";
import { repositoryRoot } from "../paths";

/** What every shard of one scan shares; plain data, so it can be handed to a worker thread. */
export interface ShardSettings {
  cwd: string;
  limits: ParseLimits;
  project: ProjectSettings;
  /** YYYY-MM-DD, for waiver expiry. */
  today: string;
}

export interface ReadOutput {
  /** Files that could not be read or parsed. */
  inputErrors: number;
  inputErrorFindings: Finding[];
  /** This shard's documents that other documents may join with, in file order. */
  entries: IndexEntry[];
}

export interface EvaluateOutput {
  workloads: number;
  /** Files with at least one document an adapter claimed or a join can use, in scan order. */
  recognised: string[];
  /** Each such document's kind and the workloads read from it (the summary's coverage by kind). */
  kinds: KindRead[];
  /** invalid-input findings of documents an adapter claimed but could not read. */
  problemFindings: Finding[];
  /** Findings of the rule bundle, inline waivers applied. */
  findings: Finding[];
  /** invalid-waiver findings of malformed, expired or too-long inline waivers. */
  waiverFindings: Finding[];
  /** Where this chunk's adapters reported something (the residual sweep's accounting, across the whole scan). */
  coverage: Coverage[];
  /** The operators each workload of this chunk reaches. */
  reach: Reach[];
  /** Operator references in this chunk's documents, before the scan's coverage is known (src/sweep). */
  sightings: ShardSightings[];
}

/** A document's sightings with the inline waivers of its carriers; the scan settles them once every chunk is adapted (src/scan/scan.ts). */
export interface ShardSightings extends PendingSightings {
  waivers: Waiver[];
}

/** What phase 2 needs, built once per shard from the joinable documents of the whole scan. */
interface Linked {
  /** This shard's parsed documents and the other shards' joinable ones, by file and index. */
  byKey: Map<string, ParsedDocument>;
  resolve: SourceResolver;
  paths: ClassificationPaths;
  contextFor: (mapping: number) => AdapterContext;
  check: WaiverCheck;
  /** The inline waivers of each document's carriers, read once (a classification document covers many). */
  inline: Map<string, Array<{ prefix: string; read: CarrierWaivers }>>;
  /** The central waivers a plan file records in its stack config (`modelgate:waivers`), read once; null for other documents. */
  stacks: Map<string, { maxDays: number; read: CarrierWaivers } | null>;
}

/**
 * One thread's part of a scan. The files are cut into chunks (contiguous runs, in scan order).
 * Phase 1: the shard reads and parses the chunks it is given and returns their joinable documents.
 * Phase 2: given the joinable documents of the whole scan, in scan order, it adapts and evaluates
 * the documents of the chunks it is given: its own, or another shard's, which it then parses again.
 * A scan in one thread is a single shard with a single chunk. Each document is adapted and
 * evaluated by the same code against the same index whatever shard does it, and results are kept
 * per chunk, so the findings are identical and in the same order whatever the split.
 */
export class ScanShard {
  private readonly chunks = new Map<number, ParsedDocument[]>();
  private readonly reparsed = new Map<string, Map<number, ParsedDocument>>();
  /** Absolute path of each file this shard read, by display path: deployed namespaces are rooted there. */
  private readonly absolutes = new Map<string, string>();
  /** Where the scan's kustomizations and Flux Kustomizations deploy each file (set by `link`). */
  private namespaces = new DeployedNamespaces([]);
  /** The bundle's provider catalogue, which the adapters' `joins` read (relay images). */
  private readonly catalog: CatalogView;
  private linked: Linked | null = null;
  /** Canonical documents as evaluated (kept only when asked: tests and the benchmark read them). */
  readonly documents: LlmUsageDocument[] = [];
  resolve: SourceResolver = (source) => source;

  constructor(
    private readonly engine: PolicyEngine,
    private readonly settings: ShardSettings,
  ) {
    this.catalog = catalogFromBundleData(engine.bundle.data);
  }

  private inputErrorFinding(error: InputError): Finding {
    const at = { file: error.file, line: error.line, column: error.column, pointer: "" };
    return findingFromMetadata(this.engine.catalog, "invalid-input", at, error.file, error.message);
  }

  /** Phase 1: reads and parses one chunk; returns its input errors and joinable documents. */
  async read(chunk: number, files: readonly DiscoveredFile[], onFile?: () => void): Promise<ReadOutput> {
    const output: ReadOutput = { inputErrors: 0, inputErrorFindings: [], entries: [] };
    const parsed: ParsedDocument[] = [];
    for (const file of files) {
      const result = await readAndParse(file, this.settings.limits);
      onFile?.();
      if (result.errors.length > 0) output.inputErrors++;
      for (const error of result.errors) output.inputErrorFindings.push(this.inputErrorFinding(error));
      this.absolutes.set(file.display, file.absolute);
      for (const doc of result.documents) {
        parsed.push(doc);
        if (!isIndexed(doc.value, this.catalog) && !isNamespaceSource(doc.value, doc.file)) continue;
        const entry: IndexEntry = { file: doc.file, absolute: file.absolute, index: doc.index, value: doc.value };
        if (doc.helmSource !== undefined) entry.helmSource = doc.helmSource;
        output.entries.push(entry);
      }
    }
    this.chunks.set(chunk, parsed);
    return output;
  }

  /** A file parsed again: a stolen chunk's, or one a finding points into. Errors were reported in phase 1. */
  private reparse(file: string, absolute: string): Map<number, ParsedDocument> {
    let docs = this.reparsed.get(file);
    if (!docs) {
      docs = new Map();
      try {
        const text = decodeText(file, readFileSync(absolute), this.settings.limits);
        for (const doc of parseText(file, text, this.settings.limits).documents) docs.set(doc.index, doc);
      } catch {
        // the file changed or vanished since it was read: positions are unknown, findings stay
      }
      this.reparsed.set(file, docs);
    }
    return docs;
  }

  /** Another shard's joinable document; its positions come from parsing the file again, only if a finding needs one. */
  private remoteDocument(entry: IndexEntry): ParsedDocument {
    const locate = (pointer: string): Position => this.reparse(entry.file, entry.absolute).get(entry.index)?.locate(pointer) ?? { line: 0, column: 0 };
    const doc: ParsedDocument = { file: entry.file, index: entry.index, value: entry.value, locate };
    if (entry.helmSource !== undefined) doc.helmSource = entry.helmSource;
    return doc;
  }

  /** Sets the namespace kustomize or Flux deploys the document to, if the scan says one (once per document). */
  private deploy(doc: ParsedDocument, absolute: string | undefined): void {
    if (absolute === undefined || this.deployed.has(doc)) return;
    this.deployed.add(doc);
    const namespace = this.namespaces.namespaceOf(absolute);
    if (namespace !== null) applyNamespace(doc, namespace);
  }

  private readonly deployed = new WeakSet<ParsedDocument>();

  /** Phase 2, once: the index of the whole scan from its joinable documents, in scan order. */
  link(entries: readonly IndexEntry[]): void {
    const { project, today, cwd } = this.settings;
    const byKey = new Map<string, ParsedDocument>();
    for (const docs of this.chunks.values()) for (const doc of docs) byKey.set(documentKey(doc.file, doc.index), doc);
    const joined = entries.map((entry) => {
      const key = documentKey(entry.file, entry.index);
      const doc = byKey.get(key) ?? this.remoteDocument(entry);
      byKey.set(key, doc);
      return doc;
    });
    const roots = [repositoryRoot(cwd), cwd];
    const rules = entries.flatMap((entry) => namespaceRuleOf(entry.value, entry.file, entry.absolute, roots) ?? []);
    this.namespaces = new DeployedNamespaces(rules);
    // before anything joins by namespace: every document as kustomize and Flux deploy it
    if (!this.namespaces.empty) {
      for (const entry of entries) this.deploy(byKey.get(documentKey(entry.file, entry.index))!, entry.absolute);
      for (const docs of this.chunks.values()) for (const doc of docs) this.deploy(doc, this.absolutes.get(doc.file));
    }
    const index = new ScanIndex(joined);
    const base = settingsFromBundleData(this.engine.bundle.data);
    const paths = new ClassificationPaths(project.classificationPaths, cwd, project.baseDir);
    const contextFor = contextsByMapping(index, base, paths, ADAPTERS);
    const check = waiverCheck(this.engine.catalog, today, project.waivers.maxDays);
    const resolve = documentResolver((file, i) => byKey.get(documentKey(file, i)));
    this.resolve = resolve;
    this.linked = { byKey, resolve, paths, contextFor, check, inline: new Map(), stacks: new Map() };
  }

  /** The documents of a chunk: parsed in phase 1 here, else parsed again now (a chunk taken over from a busier shard). */
  private chunkDocuments(chunk: number, files: readonly DiscoveredFile[], linked: Linked): ParsedDocument[] {
    const own = this.chunks.get(chunk);
    if (own) return own;
    const docs: ParsedDocument[] = [];
    for (const file of files) {
      if (file.absolute === "-") continue; // stdin is never split (see scan)
      for (const fresh of [...this.reparse(file.display, file.absolute).values()].sort((a, b) => a.index - b.index)) {
        // a joinable document is already in the index: adapt that very object, as its owner would
        const key = documentKey(fresh.file, fresh.index);
        const known = linked.byKey.get(key);
        if (!known) {
          this.deploy(fresh, file.absolute);
          linked.byKey.set(key, fresh);
        }
        docs.push(known ?? fresh);
      }
    }
    return docs;
  }

  /** Phase 2: adapts and evaluates the documents of one chunk. `link` must have run. */
  evaluate(chunk: number, files: readonly DiscoveredFile[], keepDocuments = false): EvaluateOutput {
    const linked = this.linked;
    if (!linked) throw new Error("ScanShard.evaluate before link");
    const { resolve, paths, contextFor, check, inline, stacks, byKey } = linked;
    const catalog = this.engine.catalog;
    const stackOf = (doc: ParsedDocument): { maxDays: number; read: CarrierWaivers } | null => {
      const key = documentKey(doc.file, doc.index);
      if (!stacks.has(key)) {
        const stack = documentStackWaivers(doc, catalog);
        stacks.set(key, stack ? { maxDays: stack.settings.waivers.maxDays, read: documentCentralWaivers(stack, this.settings.today, catalog) } : null);
      }
      return stacks.get(key)!;
    };
    const inlineOf = (doc: ParsedDocument): Array<{ prefix: string; read: CarrierWaivers }> => {
      const key = documentKey(doc.file, doc.index);
      let read = inline.get(key);
      if (!read) {
        // a plan's stack config may set a shorter maximum than modelgate.yaml: the stricter applies
        const stack = stackOf(doc);
        const own = stack && stack.maxDays < check.maxDays ? waiverCheck(catalog, check.today, stack.maxDays) : check;
        read = waiverCarriers(doc).map(({ prefix, carrier }) => ({ prefix, read: carrierWaivers(carrier, own, catalog) }));
        inline.set(key, read);
      }
      return read;
    };

    const output: EvaluateOutput = {
      workloads: 0,
      recognised: [],
      kinds: [],
      problemFindings: [],
      findings: [],
      waiverFindings: [],
      coverage: [],
      reach: [],
      sightings: [],
    };
    const recognised = (doc: ParsedDocument): void => {
      if (output.recognised[output.recognised.length - 1] !== doc.file) output.recognised.push(doc.file);
    };
    for (const doc of this.chunkDocuments(chunk, files, linked)) {
      const own = inlineOf(doc);
      for (const carried of own) output.waiverFindings.push(...carried.read.findings);
      const stack = stackOf(doc);
      if (stack) output.waiverFindings.push(...stack.read.findings);
      const mapping = paths.indexFor(doc.file);
      const ctx = { ...contextFor(mapping), judged: (at: SourceLocation) => output.coverage.push(judgedAt(at)) };
      const adapted = adaptOne(doc, ctx, ADAPTERS);
      // a file that is no Kubernetes object and no adapter claims (a config only a join may read) was not checked on its own
      const read: KindRead | null =
        adapted || (isKubeObject(doc.value) && isIndexed(doc.value, this.catalog)) || isNamespaceSource(doc.value, doc.file)
          ? { kind: documentKind(doc.value, adapted?.adapter), file: doc.file, workloads: 0 }
          : null;
      if (read) {
        recognised(doc);
        output.kinds.push(read);
      }
      if (!adapted?.swept) {
        for (const pending of documentSightings(doc, ctx, adapted?.documents ?? [], this.catalog, (pointer) => resolve(sourceAt(doc, pointer)))) {
          const waivers = coveringCarriers(own, pending.document.workload.source.pointer).flatMap((carried) => carried.read.waivers);
          output.sightings.push({ ...pending, waivers });
        }
      }
      if (!adapted) continue;
      const covered = coverageOf(adapted, this.catalog);
      output.coverage.push(...covered.coverage);
      output.reach.push(...covered.reach);
      for (const problem of adapted.problems) {
        const at = resolve(problem.source);
        output.problemFindings.push(findingFromMetadata(catalog, "invalid-input", at, at.file, problem.message));
      }
      for (const document of adapted.documents) {
        pointAtMapping(document, paths.mapping(mapping));
        const findings = this.engine.evaluate(document, resolve);
        const waivers: Waiver[] = coveringCarriers(own, document.workload.source.pointer).flatMap((carried) => carried.read.waivers);
        const classifiedBy = document.classificationSource;
        if (classifiedBy?.origin === "document" && classifiedBy.source.document !== undefined) {
          const covering = byKey.get(documentKey(classifiedBy.source.file, classifiedBy.source.document));
          if (covering && covering !== doc) waivers.push(...coveringCarriers(inlineOf(covering), "").flatMap((carried) => carried.read.waivers));
        }
        waiveInline(findings, waivers);
        if (stack) waiveCentrally(findings, stack.read.waivers);
        output.findings.push(...findings);
        // a plan's sighting documents are about objects that send no prompts of their own
        if (document.routes.length > 0 || document.servers.length > 0 || (document.sightings ?? []).length === 0) {
          output.workloads++;
          if (read) read.workloads++;
        }
        if (keepDocuments) this.documents.push(document);
      }
    }
    return output;
  }
}
