/**
 * What a whole-repository run covered, per kind of document: how many files held it and how many
 * workloads were read from it, so a quiet summary shows whether the LLM applications of a
 * repository were read at all (809 files with 1 workload is a different answer from 0 findings).
 */

/** One document an adapter read or a join used: its kind, its file and the workloads read from it. */
export interface KindRead {
  kind: string;
  file: string;
  workloads: number;
}

/** Per kind, in the summary and the JSON report: distinct files and workloads. */
export interface KindCount {
  kind: string;
  files: number;
  workloads: number;
}

/**
 * A Kubernetes-style object is counted by its `kind` (HelmRelease, Deployment, ConfigMap); a file
 * without one (a LiteLLM config, a Portkey config, a decK file) by the adapter that read it.
 */
export function documentKind(value: unknown, adapter: string | undefined): string {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const { apiVersion, kind } = value as Record<string, unknown>;
    if (typeof apiVersion === "string" && typeof kind === "string" && kind.length > 0 && kind.length <= 63) return kind;
  }
  return adapter ?? "joined";
}

/** Kinds with the most workloads first, then the most files, then by name: a stable order in any shard split. */
export function countKinds(reads: Iterable<KindRead>): KindCount[] {
  const byKind = new Map<string, { files: Set<string>; workloads: number }>();
  for (const read of reads) {
    const entry = byKind.get(read.kind) ?? { files: new Set<string>(), workloads: 0 };
    entry.files.add(read.file);
    entry.workloads += read.workloads;
    byKind.set(read.kind, entry);
  }
  return [...byKind.entries()]
    .map(([kind, entry]) => ({ kind, files: entry.files.size, workloads: entry.workloads }))
    .sort((a, b) => b.workloads - a.workloads || b.files - a.files || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}
