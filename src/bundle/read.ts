import { existsSync, lstatSync, readdirSync, readFileSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { isRecord } from "../adapters/core/objects";
import type { RuleCatalog, RuleMeta } from "../catalog/rules";
import { BundleError, errorMessage } from "../errors";
import { SignatureError, verifyBundleFiles, type SignatureInfo, type VerifyOptions } from "../signing/verify";
import { MAX_EXPANDED_BYTES, readTarEntries, readTarGz } from "./tar";

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
    throw new BundleError(`${where} is not valid JSON: ${errorMessage(error)}`, { file: where });
  }
}

function statBundle(location: string): Stats {
  try {
    return statSync(location);
  } catch {
    throw new BundleError(`bundle ${location} does not exist`, { file: location });
  }
}

/** The three files the engine needs, from a bundle directory or tarball. */
function bundleFiles(location: string): Map<string, Buffer> {
  if (statBundle(location).isDirectory()) {
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
    throw new BundleError(`bundle ${location} is neither a directory nor a .tar.gz OPA bundle: ${errorMessage(error)}`, { file: location });
  }
}

function safeName(name: string, where: string): string {
  const segments = name.split("/");
  if (name === "" || name.includes("\\") || segments.some((s) => s === "" || s === "." || s === "..")) {
    throw new SignatureError(`bundle ${where} holds an entry with an unsafe path: ${JSON.stringify(name)}`);
  }
  return name;
}

/** Every file of a bundle directory or tarball, for verification; anything but regular files and directories is refused. */
export function allBundleFiles(location: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (statBundle(location).isDirectory()) {
    let total = 0;
    const walk = (dir: string, prefix: string): void => {
      for (const name of readdirSync(dir).sort()) {
        const full = path.join(dir, name);
        const entry = lstatSync(full);
        const rel = prefix ? `${prefix}/${name}` : name;
        if (entry.isSymbolicLink()) throw new SignatureError(`bundle ${location}: ${rel} is a symbolic link; signed bundles hold regular files only`);
        if (entry.isDirectory()) walk(full, rel);
        else if (entry.isFile()) {
          // the same cap as a tarball's expansion, checked before a file is read
          total += entry.size;
          if (total > MAX_EXPANDED_BYTES)
            throw new BundleError(`bundle ${location} holds more than ${MAX_EXPANDED_BYTES} bytes; refused before reading ${rel}`, { file: location });
          files.set(rel, readFileSync(full));
        } else throw new SignatureError(`bundle ${location}: ${rel} is not a regular file`);
      }
    };
    walk(location, "");
    return files;
  }
  let entries;
  try {
    entries = readTarEntries(readFileSync(location));
  } catch (error) {
    throw new BundleError(`bundle ${location} is neither a directory nor a .tar.gz OPA bundle: ${errorMessage(error)}`, { file: location });
  }
  for (const entry of entries) {
    if (entry.type === "5") continue;
    if (entry.type !== "0" && entry.type !== "7") {
      throw new SignatureError(
        `bundle ${location}: ${entry.name} is not a regular file (tar type ${JSON.stringify(entry.type)}); signed bundles hold regular files only`,
      );
    }
    const name = safeName(entry.name, location);
    if (files.has(name)) throw new SignatureError(`bundle ${location} holds ${name} twice; a signed bundle holds each file once`);
    files.set(name, entry.body);
  }
  return files;
}

/**
 * The data the rules and adapters decide with. Without the organisation policy, the provider
 * catalogue or its index, adapters would recognise no provider and rules deny nothing: every
 * workload would pass. A bundle missing any of them refuses to load, signed or not.
 */
function requirePolicyData(data: { modelgate?: Record<string, unknown> }, location: string): void {
  const modelgate = data.modelgate ?? {};
  const catalog = isRecord(modelgate.catalog) ? modelgate.catalog : {};
  const missing = [
    isRecord(modelgate.policy) ? null : "data.modelgate.policy (the organisation policy)",
    isRecord(catalog.providers) ? null : "data.modelgate.catalog.providers (the provider catalogue)",
    isRecord(modelgate.index) && isRecord(modelgate.index.hosts) ? null : "data.modelgate.index (the catalogue index adapters read)",
  ].filter((item): item is string => item !== null);
  if (missing.length > 0) {
    throw new BundleError(
      `bundle ${location} carries no ${missing.join(", no ")}; nothing could be judged with it, so it is refused (build it with modelgate bundle build)`,
      { file: `${location}/data.json` },
    );
  }
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
    if (!file) throw new BundleError(`bundle ${location} has no ${name}`, { file: location });
    return file;
  };
  const wasm = need("policy.wasm");
  const manifest = parseJson<{ revision?: string }>(need(".manifest").toString("utf8"), `${location}/.manifest`);
  const data = parseJson<{ modelgate?: { catalog?: { rules?: RuleMeta[] } } & Record<string, unknown> }>(
    need("data.json").toString("utf8"),
    `${location}/data.json`,
  );
  const rules = data.modelgate?.catalog?.rules;
  if (!Array.isArray(rules)) {
    throw new BundleError(`bundle ${location} carries no rule catalogue (data.modelgate.catalog.rules); build it with modelgate`, {
      file: `${location}/data.json`,
    });
  }
  requirePolicyData(data, location);
  const bundle: LoadedBundle = { dir: location, revision: manifest.revision ?? "", wasm, data, catalog: { rules } };
  return signature ? { ...bundle, signature } : bundle;
}
