/**
 * Where a self-hosted server's weights come from, read from the reference as written: a hub repo
 * id, a storage URI, a local path, an OCI artifact, an Ollama tag or an NGC image.
 */

import type { SourceLocation, WeightSource } from "../../model/canonical";
import { classifyHost } from "../../normalize/host-kind";
import type { AdapterSettings } from "../core/types";
import { hasIndirection } from "./models";
import { stripTrailing } from "../../normalize/trim";

export type Hub = NonNullable<WeightSource["hub"]>;
export type Pin = WeightSource["pin"];
export type PinReason = WeightSource["pinReason"];

export interface WeightHints {
  /** `--revision` / `REVISION` / `--model_revision` as written, when given. */
  revision: string | null;
  /** The server is told not to reach the hub (HF_HUB_OFFLINE=1, TRANSFORMERS_OFFLINE=1). */
  offline: boolean;
  /** The hub a bare `org/name` repo id is fetched from. */
  hub: "huggingface" | "modelscope";
}

export const NO_HINTS: WeightHints = { revision: null, offline: false, hub: "huggingface" };

const COMMIT_SHA = /^[0-9a-f]{40}$/i;
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const REPO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const BARE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const HF_RESOLVE = /^\/([^/]+\/[^/]+)\/(?:resolve|blob|tree)\/([^/]+)/;
const DIGEST = /@(sha256:[0-9a-f]{64})$/i;
const OBJECT_VERSION = /[?&](?:versionId|version|generation)=([^&#]+)|#(\d+)$/;
/** A path into a Hugging Face cache snapshot (`.../models--org--repo/snapshots/<commit>`): named by its commit. */
const SNAPSHOT_PATH = /(?:^|\/)snapshots\/([0-9a-f]{40})(?:\/|$)/i;
const TRUTHY: ReadonlySet<string> = new Set(["1", "true", "yes", "on"]);

/**
 * Storage the organisation controls. What is at a prefix or path can still be replaced under the
 * same name, and nothing in the configuration says what it holds: the pin is unverifiable unless
 * the reference names an object version (`?versionId=` on S3, `#generation` on GCS).
 */
const ORGANIZATION_SCHEMES: ReadonlySet<string> = new Set([
  "s3",
  "gs",
  "gcs",
  "pvc",
  "azure",
  "abfs",
  "abfss",
  "wasb",
  "wasbs",
  "hdfs",
  "webhdfs",
  "file",
  "oss",
  "cos",
  "r2",
]);

export function isCommitSha(text: string | null): boolean {
  return text !== null && COMMIT_SHA.test(text);
}

export function isTruthy(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && TRUTHY.has(value.trim().toLowerCase());
}

function source(
  ref: string | null,
  origin: WeightSource["origin"],
  hub: Hub | null,
  revision: string | null,
  pin: Pin,
  pinReason: PinReason,
  hints: WeightHints,
  at: SourceLocation,
): WeightSource {
  return { ref, origin, hub, revision, pin, pinReason, offline: hints.offline, source: at };
}

export function unknownWeights(ref: string | null, hints: WeightHints, at: SourceLocation): WeightSource {
  return source(ref, "unknown", null, null, "unverifiable", "unresolved", hints, at);
}

/** Weights in storage the organisation controls, pinned only when the reference names a version. */
export function organizationWeights(ref: string, reason: PinReason, hints: WeightHints, at: SourceLocation): WeightSource {
  const version = OBJECT_VERSION.exec(ref);
  const versionId = version?.[1] ?? version?.[2];
  if (versionId !== undefined) return source(ref, "organization", null, versionId, "pinned", "object-version", hints, at);
  const snapshot = SNAPSHOT_PATH.exec(ref)?.[1];
  if (snapshot !== undefined) return source(ref, "organization", null, snapshot, "pinned", "snapshot-path", hints, at);
  return source(ref, "organization", null, null, "unverifiable", reason, hints, at);
}

function hubRepo(ref: string, hub: Hub, revision: string | null, hints: WeightHints, at: SourceLocation): WeightSource {
  if (isCommitSha(revision)) return source(ref, "hub", hub, revision, "pinned", "commit", hints, at);
  return source(ref, "hub", hub, revision, "unpinned", revision === null ? "no-revision" : "mutable-revision", hints, at);
}

/**
 * An http(s) reference on no known hub or cloud store: its host is reported and policies/lib
 * decides whether the organisation runs it (cluster names, localhost, internal domains and networks).
 */
function httpWeights(ref: string, hints: WeightHints, at: SourceLocation, settings: AdapterSettings): WeightSource {
  let url: URL;
  try {
    url = new URL(ref);
  } catch {
    return unknownWeights(ref, hints, at);
  }
  const host = stripTrailing(url.hostname.toLowerCase(), ".");
  // hub hosts are catalogue data (policies/data/providers.json `weightHubs`)
  const hub = settings.catalog.weightHubOfHost(host);
  if (hub === "huggingface") {
    const match = HF_RESOLVE.exec(url.pathname);
    return hubRepo(ref, "huggingface", match?.[2] ?? hints.revision, hints, at);
  }
  if (hub === "modelscope") return hubRepo(ref, "modelscope", hints.revision, hints, at);
  if (host.endsWith(".blob.core.windows.net") || host.endsWith(".file.core.windows.net")) return organizationWeights(ref, "object-store", hints, at);
  if (host === "") return unknownWeights(ref, hints, at);
  // a file served over http(s): pinned by a commit revision, else what the URL returns can change
  const pinned = isCommitSha(hints.revision);
  return {
    ...source(ref, "unknown", null, hints.revision, pinned ? "pinned" : "unverifiable", pinned ? "commit" : "http-url", hints, at),
    host,
    hostKind: classifyHost(host),
  };
}

/**
 * Classifies a model reference given to vLLM, SGLang, TGI, llama.cpp, NIM or KServe. A bare
 * `org/name` is a hub repository (Hugging Face, or ModelScope when the server is told so).
 */
export function classifyWeights(ref: string, hints: WeightHints, at: SourceLocation, settings: AdapterSettings): WeightSource {
  const text = ref.trim();
  if (text === "" || hasIndirection(text)) return unknownWeights(ref, hints, at);
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    const rest = text.slice(scheme.length + 3);
    switch (scheme) {
      case "hf": {
        // KServe: hf://org/repo[:hash]
        const colon = rest.lastIndexOf(":");
        const revision = colon > rest.indexOf("/") && colon !== -1 ? rest.slice(colon + 1) : hints.revision;
        return hubRepo(text, "huggingface", revision === "" ? null : revision, hints, at);
      }
      case "ms":
      case "modelscope":
        return hubRepo(text, "modelscope", hints.revision, hints, at);
      case "oci": {
        // a modelcar: an OCI image of the weights, pinned by digest; a tag can be pushed again
        const digest = DIGEST.exec(rest)?.[1];
        if (digest !== undefined) return source(text, "organization", null, digest, "pinned", "digest", hints, at);
        const lastSlash = rest.lastIndexOf("/");
        const colon = rest.lastIndexOf(":");
        return source(text, "organization", null, colon > lastSlash ? rest.slice(colon + 1) : null, "unverifiable", "oci-tag", hints, at);
      }
      case "http":
      case "https":
        return httpWeights(text, hints, at, settings);
      default:
        if (!ORGANIZATION_SCHEMES.has(scheme)) return unknownWeights(text, hints, at);
        return organizationWeights(text, scheme === "pvc" || scheme === "file" ? "local-path" : "object-store", hints, at);
    }
  }
  if (text.startsWith("/") || text.startsWith("./") || text.startsWith("../") || text.startsWith("~")) {
    return organizationWeights(text, "local-path", hints, at);
  }
  if (REPO_ID.test(text) || BARE_NAME.test(text)) return hubRepo(text, hints.hub, hints.revision, hints, at);
  return unknownWeights(text, hints, at);
}

/** The repo id inside a Hugging Face reference (`hf://org/repo:hash` → org/repo), for `ModelServer.model`. */
export function modelNameOf(ref: string): string {
  if (!ref.toLowerCase().startsWith("hf://")) return ref;
  const rest = ref.slice(5);
  const colon = rest.lastIndexOf(":");
  return colon > rest.indexOf("/") && colon !== -1 ? rest.slice(0, colon) : rest;
}

/** An Ollama model tag (`qwen3:8b`, `hf.co/org/repo:Q4_K_M`, `x@sha256:...`). */
export function ollamaWeights(tag: string, hints: WeightHints, at: SourceLocation): WeightSource {
  const text = tag.trim();
  if (text === "" || hasIndirection(text)) return unknownWeights(tag, hints, at);
  const digest = DIGEST.exec(text)?.[1];
  const lower = text.toLowerCase();
  const hub: Hub = lower.startsWith("hf.co/") || lower.startsWith("huggingface.co/") ? "huggingface" : "ollama";
  if (digest !== undefined) return source(text, "hub", hub, digest, "pinned", "digest", hints, at);
  const lastSlash = text.lastIndexOf("/");
  const colon = text.lastIndexOf(":");
  const modelTag = colon > lastSlash ? text.slice(colon + 1) : null;
  return source(text, "hub", hub, modelTag, "unpinned", modelTag === null ? "no-revision" : "model-tag", hints, at);
}

/** Ollama's hosted models: `*-cloud` or `:cloud` tags run on ollama.com, not on the server. */
export function isOllamaCloudTag(tag: string): boolean {
  const colon = tag.lastIndexOf(":");
  if (colon === -1) return false;
  const suffix = tag.slice(colon + 1).toLowerCase();
  return suffix === "cloud" || suffix.endsWith("-cloud");
}

export interface ImageRef {
  registry: string | null;
  /** Path inside the registry: "vllm/vllm-openai", "nim/meta/llama-3.1-8b-instruct". */
  path: string;
  tag: string | null;
  digest: string | null;
}

export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | null = null;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf("/");
  let registry: string | null = null;
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes(".") || first.includes(":") || first === "localhost") {
      registry = first.toLowerCase();
      rest = rest.slice(slash + 1);
    }
  }
  return { registry, path: rest.toLowerCase(), tag, digest };
}
