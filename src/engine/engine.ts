import path from "node:path";
import { loadPolicySync, type LoadedPolicy } from "@open-policy-agent/opa-wasm";
import type { LoadedBundle } from "../bundle/read";
import type { RuleCatalog } from "../catalog/rules";
import { BundleError, errorMessage } from "../errors";
import { findingFromMetadata, fromRego, type RegoFinding } from "../findings/build";
import type { Finding } from "../findings/types";
import type { LlmUsageDocument, SourceLocation } from "../model/canonical";

export const ENTRYPOINT = "modelgate/main/findings";

/** 64 KiB pages: 4096 pages bound one evaluation's memory at 256 MiB instead of V8's 4 GiB. */
export const DEFAULT_MAX_MEMORY_PAGES = 4096;

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
      throw new BundleError(`${path.join(bundle.dir, "policy.wasm")} is not a valid WebAssembly module: ${errorMessage(error)}`);
    }
    const encoded = new TextEncoder().encode(JSON.stringify(bundle.data));
    this.dataBytes = encoded.buffer.slice(encoded.byteOffset, encoded.byteOffset + encoded.byteLength);
    this.policy = this.instantiate();
    if (!(ENTRYPOINT in this.policy.entrypoints)) throw new BundleError(`the bundle in ${bundle.dir} has no ${ENTRYPOINT} entrypoint`);
  }

  private instantiate(): LoadedPolicy {
    try {
      const policy = loadPolicySync(this.module, { initial: 32, maximum: this.maxMemoryPages });
      policy.setData(this.dataBytes);
      return policy;
    } catch (error) {
      throw new BundleError(`cannot load the rule bundle from ${this.bundle.dir}: ${errorMessage(error)}`);
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
          `rule evaluation failed: ${errorMessage(error)}`,
        ),
      ];
    }
  }
}
