import { readFileSync } from "node:fs";
import path from "node:path";
import { loadPolicySync, type LoadedPolicy } from "@open-policy-agent/opa-wasm";
import type { RuleCatalog } from "../catalog/rules";
import { findingFromMetadata, fromRego, type RegoFinding } from "../findings/build";
import type { Finding } from "../findings/types";
import type { LlmUsageDocument } from "../model/canonical";
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
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (error) {
    throw new BundleError(`cannot read ${file}: ${runtimeErrorMessage(error)}`);
  }
}

export function readBundle(dir: string): LoadedBundle {
  let wasm: Buffer;
  try {
    wasm = readFileSync(path.join(dir, "policy.wasm"));
  } catch (error) {
    throw new BundleError(`cannot read ${path.join(dir, "policy.wasm")}: ${runtimeErrorMessage(error)}`);
  }
  const manifest = readJson<{ revision?: string }>(path.join(dir, ".manifest"));
  return {
    dir,
    revision: manifest.revision ?? "",
    wasm,
    data: readJson<Record<string, unknown>>(path.join(dir, "data.json")),
    catalog: readJson<RuleCatalog>(path.join(dir, "catalog.json")),
  };
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

  evaluate(document: LlmUsageDocument): Finding[] {
    try {
      const result = this.policy.evaluate(document, ENTRYPOINT) as Array<{ result: RegoFinding[] }> | undefined;
      const findings = result?.[0]?.result;
      if (!Array.isArray(findings)) throw new Error(`the ${ENTRYPOINT} entrypoint returned no result`);
      return findings.map(fromRego);
    } catch (error) {
      this.policy = this.instantiate();
      return [
        findingFromMetadata(this.catalog, "evaluation-error", document.workload.source, document.workload.resource, `rule evaluation failed: ${runtimeErrorMessage(error)}`),
      ];
    }
  }
}
