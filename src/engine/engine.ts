import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { loadPolicySync, type LoadedPolicy } from "@open-policy-agent/opa-wasm";
import type { RuleCatalog, RuleMeta } from "../catalog/rules";
import { readTarGz } from "../bundle/tar";
import { allBundleFiles, verifyBundleFiles, type SignatureInfo, type VerifyOptions } from "../signing/verify";
import { findingFromMetadata, fromRego, type RegoFinding } from "../findings/build";
import type { Finding } from "../findings/types";
import type { LlmUsageDocument, SourceLocation } from "../model/canonical";
import { BundleError, runtimeErrorMessage } from "./errors";

export const ENTRYPOINT = "modelgate/main/findings";

/** 64 KiB pages: 4096 pages bound one evaluation's memory at 256 MiB instead of V8's 4 GiB. */
export const DEFAULT_MAX_MEMORY_PAGES = 4096;

export interface LoadedBundle {
  dir: string;
  revision: string;
  wasm: Buffer;
  data: Record<string, unknown>;
  catalog: RuleCatalog;
  /** Set when the bundle was verified against a key before loading. */
  signature?: SignatureInfo;
}

/** With `verificationKey`, the bundle's signature and every file's SHA-256 are verified before loading. */
export type ReadBundleOptions = Partial<VerifyOptions>;

function parseJson<T>(text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new BundleError(`${where} is not valid JSON: ${runtimeErrorMessage(error)}`);
  }
}

function bundleFiles(location: string): Map<string, Buffer> {
  let stat;
  try {
    stat = statSync(location);
  } catch {
    throw new BundleError(`bundle ${location} does not exist`);
  }
  if (stat.isDirectory()) {
    const files = new Map<string, Buffer>();
    for (const name of ["policy.wasm", "data.json", ".manifest"]) {
      const file = path.join(location, name);
      if (existsSync(file)) files.set(name, readFileSync(file));
    }
    return files;
  }
  try {
    return readTarGz(readFileSync(location));
  } catch (error) {
    throw new BundleError(`bundle ${location} is neither a directory nor a .tar.gz OPA bundle: ${runtimeErrorMessage(error)}`);
  }
}

const isObject = (value: unknown): boolean => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The data the rules and adapters decide with. Without the organisation policy, the provider
 * catalogue or its index, adapters would recognise no provider and rules deny nothing: every
 * workload would pass. A bundle missing any of them refuses to load, signed or not.
 */
function requirePolicyData(data: { modelgate?: Record<string, unknown> }, location: string): void {
  const modelgate = data.modelgate ?? {};
  const catalog = (modelgate.catalog ?? {}) as Record<string, unknown>;
  const missing = [
    isObject(modelgate.policy) ? null : "data.modelgate.policy (the organisation policy)",
    isObject(catalog.providers) ? null : "data.modelgate.catalog.providers (the provider catalogue)",
    isObject(modelgate.index) && isObject((modelgate.index as Record<string, unknown>).hosts) ? null : "data.modelgate.index (the catalogue index adapters read)",
  ].filter((item): item is string => item !== null);
  if (missing.length > 0) throw new BundleError(`bundle ${location} carries no ${missing.join(", no ")}; nothing could be judged with it, so it is refused (build it with modelgate bundle build)`);
}

/** Reads a bundle directory or an OPA bundle tarball: policy.wasm, data.json and .manifest. */
export function readBundle(location: string, options: ReadBundleOptions = {}): LoadedBundle {
  let signature: SignatureInfo | undefined;
  let files: Map<string, Buffer>;
  if (options.verificationKey !== undefined) {
    files = allBundleFiles(location);
    signature = verifyBundleFiles(files, location, { ...options, verificationKey: options.verificationKey });
  } else {
    files = bundleFiles(location);
  }
  const need = (name: string): Buffer => {
    const file = files.get(name);
    if (!file) throw new BundleError(`bundle ${location} has no ${name}`);
    return file;
  };
  const wasm = need("policy.wasm");
  const manifest = parseJson<{ revision?: string }>(need(".manifest").toString("utf8"), `${location}/.manifest`);
  const data = parseJson<{ modelgate?: { catalog?: { rules?: RuleMeta[] } } & Record<string, unknown> }>(need("data.json").toString("utf8"), `${location}/data.json`);
  const rules = data.modelgate?.catalog?.rules;
  if (!Array.isArray(rules)) throw new BundleError(`bundle ${location} carries no rule catalogue (data.modelgate.catalog.rules); build it with modelgate`);
  requirePolicyData(data, location);
  const bundle: LoadedBundle = { dir: location, revision: manifest.revision ?? "", wasm, data: data as Record<string, unknown>, catalog: { rules } };
  return signature ? { ...bundle, signature } : bundle;
}

/**
 * Evaluates canonical documents with the compiled rule bundle. Fails closed: whatever the runtime
 * throws for a document becomes an `evaluation-error` finding on that document, never a pass, and
 * the instance is rebuilt so one bad document cannot poison the next.
 */
export class PolicyEngine {
  private readonly module: WebAssembly.Module;
  private policy: LoadedPolicy;
  private readonly dataBytes: ArrayBuffer;

  constructor(
    readonly bundle: LoadedBundle,
    private readonly maxMemoryPages = DEFAULT_MAX_MEMORY_PAGES,
  ) {
    try {
      this.module = new WebAssembly.Module(bundle.wasm);
    } catch (error) {
      throw new BundleError(`${path.join(bundle.dir, "policy.wasm")} is not a valid WebAssembly module: ${runtimeErrorMessage(error)}`);
    }
    const encoded = new TextEncoder().encode(JSON.stringify(bundle.data));
    this.dataBytes = encoded.buffer.slice(encoded.byteOffset, encoded.byteOffset + encoded.byteLength) as ArrayBuffer;
    this.policy = this.instantiate();
    if (!(ENTRYPOINT in this.policy.entrypoints)) throw new BundleError(`the bundle in ${bundle.dir} has no ${ENTRYPOINT} entrypoint`);
  }

  private instantiate(): LoadedPolicy {
    try {
      const policy = loadPolicySync(this.module, { initial: 32, maximum: this.maxMemoryPages });
      policy.setData(this.dataBytes);
      return policy;
    } catch (error) {
      throw new BundleError(`cannot load the rule bundle from ${this.bundle.dir}: ${runtimeErrorMessage(error)}`);
    }
  }

  get catalog(): RuleCatalog {
    return this.bundle.catalog;
  }

  /** Findings for one document; `resolve` turns deferred source locations into positions. */
  evaluate(document: LlmUsageDocument, resolve?: (source: SourceLocation) => SourceLocation): Finding[] {
    try {
      const result = this.policy.evaluate(document, ENTRYPOINT) as Array<{ result: RegoFinding[] }> | undefined;
      const findings = result?.[0]?.result;
      if (!Array.isArray(findings)) throw new Error(`the ${ENTRYPOINT} entrypoint returned no result`);
      return findings.map((raw) => fromRego(raw, resolve));
    } catch (error) {
      this.policy = this.instantiate();
      return [
        findingFromMetadata(
          this.catalog,
          "evaluation-error",
          resolve ? resolve(document.workload.source) : document.workload.source,
          document.workload.resource,
          `rule evaluation failed: ${runtimeErrorMessage(error)}`,
        ),
      ];
    }
  }
}
