import type { CatalogView } from "../adapters/core/catalog";
import { ADAPTERS } from "../adapters/registry";
import { isJoinable } from "../adapters/core/scan-index";

/** A document other documents may join with: it is shared with every shard of the scan. */
export interface IndexEntry {
  /** Display path, as in findings. */
  file: string;
  /** Absolute path, to read the file again when a finding needs a position in it. */
  absolute: string;
  /** Index of the document within its file. */
  index: number;
  value: unknown;
  /** ParsedDocument.helmSource, when the file is `helm template` output. */
  helmSource?: string;
}

/**
 * Whether a document must be shared with every shard: one that any adapter of the registry joins
 * with (ConfigMaps, Secrets, Namespaces, Services, WorkloadClassification documents, egress and
 * gateway objects, relay workloads, presets). Each adapter declares its own in `joins`.
 */
export function isIndexed(value: unknown, catalog: CatalogView): boolean {
  return isJoinable(value, catalog, ADAPTERS);
}

export function documentKey(file: string, index: number): string {
  return `${file}\u0000${index}`;
}
