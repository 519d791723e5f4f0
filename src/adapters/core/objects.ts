/** Minimal typed views of the Kubernetes objects adapters read; everything else stays `unknown`. */

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A YAML/JSON list with its items left `unknown` for the caller to check; anything else is no list. */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function isKubeObject(value: unknown): value is KubeObject {
  return isRecord(value) && typeof value.apiVersion === "string" && typeof value.kind === "string";
}

export function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === "string") out[key] = entry;
    else if (typeof entry === "number" || typeof entry === "boolean") out[key] = String(entry);
  }
  return out;
}

export function objectNamespace(object: KubeObject): string {
  return typeof object.metadata?.namespace === "string" && object.metadata.namespace !== "" ? object.metadata.namespace : "default";
}

export function objectName(object: KubeObject): string {
  return typeof object.metadata?.name === "string" ? object.metadata.name : "";
}
