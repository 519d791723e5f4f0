/**
 * Secrets and ConfigMaps a scan does not hold as themselves, but as what produces them: an External
 * Secrets `ExternalSecret` (or `ClusterExternalSecret`), a Bitnami `SealedSecret`, or a Kustomize
 * `secretGenerator` / `configMapGenerator`. Each is read as the key-value source it becomes in the
 * cluster, so a workload that loads it (envFrom, secretKeyRef, configMapKeyRef) joins it exactly as
 * it joins a plain Secret (src/adapters/core/scan-index.ts).
 *
 * Facts only. A value written in the file (a template line, a Kustomize literal, a Sealed Secret
 * template value) is kept as written, Go template actions included: its literal parts are known,
 * and the endpoint normaliser reads each `{{ ... }}` as an expression unknown before deploy. A value
 * the controller fetches or decrypts is kept as a key with the reason it is unknown, never as a
 * value: a workload's base URL from it is an unresolved endpoint. A source that may hold keys nobody can list (`dataFrom`, an env file the scan
 * does not read) says so, so a workload loading it stays open to any variable.
 *
 * It lives beside the scan index, which builds every source from it; the adapter that claims these
 * documents (and reports what in them cannot be read) is src/adapters/secrets.
 */

import { isKubeObject, isRecord, listOf, type KubeObject } from "./objects";
import type { KeyValueSource } from "./scan-index";
import type { ParsedDocument } from "../../parse/document";
import { encodePointer } from "../../parse/document";

/** A produced source with where it may be looked up from. */
export interface ProducedSource {
  source: KeyValueSource;
  /**
   * Namespaces the object is created in; null: any the scan asks for (a ClusterExternalSecret
   * choosing namespaces by label).
   */
  namespaces: string[] | null;
  /**
   * A Kustomize generator: the directory of its kustomization. Kustomize places the generated
   * object in the kustomization's namespace and rewrites references to it (with its hash suffix) in
   * the resources it builds, whatever namespace those resources are read in. Any other producer:
   * its own directory, for the workloads deployed with it.
   */
  directory?: string;
}

/** Something a producer's document says that the scan cannot read (a template that is not a map). */
export interface ProducerProblem {
  pointer: string;
  message: string;
}

export interface Produced {
  /** "ExternalSecret prod/llm-keys": how messages name the producer. */
  producer: string;
  sources: ProducedSource[];
  problems: ProducerProblem[];
}

const EXTERNAL_SECRETS_GROUP = "external-secrets.io/";
const SEALED_SECRETS_GROUP = "bitnami.com/";
const KUSTOMIZE_GROUP = "kustomize.config.k8s.io/";
const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function scalar(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function emptySource(kind: "ConfigMap" | "Secret", namespace: string, name: string, doc: ParsedDocument, producer: string): KeyValueSource {
  return {
    kind,
    namespace,
    name,
    doc,
    data: new Map(),
    pointers: new Map(),
    undecodable: new Set(),
    unresolved: new Map(),
    producedBy: producer,
  };
}

function setKnown(source: KeyValueSource, key: string, value: string, pointer: string): void {
  source.data.set(key, value);
  source.unresolved?.delete(key);
  source.pointers.set(key, pointer);
}

function setUnknown(source: KeyValueSource, key: string, reason: string, pointer: string): void {
  source.data.delete(key);
  source.unresolved?.set(key, reason);
  source.pointers.set(key, pointer);
}

function addOpen(source: KeyValueSource, reason: string): void {
  source.openKeys = source.openKeys === undefined ? reason : `${source.openKeys}; ${reason}`;
}

/** True for a document whose kind produces a Secret or ConfigMap this module reads. */
export function isSecretProducer(value: unknown): boolean {
  if (isKubeObject(value)) {
    if (value.apiVersion.startsWith(EXTERNAL_SECRETS_GROUP)) return value.kind === "ExternalSecret" || value.kind === "ClusterExternalSecret";
    if (value.apiVersion.startsWith(SEALED_SECRETS_GROUP)) return value.kind === "SealedSecret";
    if (value.kind === "Kustomization" && !value.apiVersion.startsWith(KUSTOMIZE_GROUP)) return false; // Flux's Kustomization is no generator
  }
  return isKustomization(value);
}

/** A kustomization with generators: `kind: Kustomization` of kustomize's group, or a bare one (kustomize lets both be omitted). */
function isKustomization(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  if (value.kind !== undefined && value.kind !== "Kustomization") return false;
  if (value.apiVersion !== undefined && !(typeof value.apiVersion === "string" && value.apiVersion.startsWith(KUSTOMIZE_GROUP))) return false;
  return Array.isArray(value.secretGenerator) || Array.isArray(value.configMapGenerator);
}

function namespaceOf(object: Record<string, unknown>): string | null {
  return isRecord(object.metadata) ? text(object.metadata.namespace) : null;
}

function nameOf(object: Record<string, unknown>): string | null {
  return isRecord(object.metadata) ? text(object.metadata.name) : null;
}

/**
 * The Secret an ExternalSecret spec (at `at` in the document) makes. External Secrets writes the
 * `target.template` keys when the template has `data` or `templateFrom` (mergePolicy Replace, the
 * default), and the `data` / `dataFrom` keys otherwise or as well (mergePolicy Merge).
 */
function externalSecretSource(
  doc: ParsedDocument,
  spec: Record<string, unknown>,
  at: string,
  defaultName: string,
  namespace: string,
  producer: string,
  problems: ProducerProblem[],
): KeyValueSource {
  const target = isRecord(spec.target) ? spec.target : {};
  const name = text(target.name) ?? defaultName;
  const source = emptySource("Secret", namespace, name, doc, producer);
  const template = isRecord(target.template) ? target.template : null;
  const templateData = template?.data;
  const templateFrom = template?.templateFrom;
  const templated = template !== null && (isRecord(templateData) || Array.isArray(templateFrom));
  const merged = template?.mergePolicy === "Merge";

  if (!templated || merged) {
    if (spec.data !== undefined && !Array.isArray(spec.data)) problems.push({ pointer: `${at}/data`, message: `${producer}: spec.data is not a list` });
    (Array.isArray(spec.data) ? spec.data : []).forEach((entry, i) => {
      const pointer = `${at}/data/${i}`;
      const key = isRecord(entry) ? text(entry.secretKey) : null;
      if (key === null) {
        problems.push({ pointer, message: `${producer}: data entry has no secretKey` });
        return;
      }
      const remote = isRecord(entry) && isRecord(entry.remoteRef) ? text(entry.remoteRef.key) : null;
      setUnknown(source, key, `${producer} fetches key ${key}${remote ? ` from ${remote}` : ""} out of its secret store when it runs`, `${pointer}/secretKey`);
    });
    const dataFrom = Array.isArray(spec.dataFrom) ? spec.dataFrom : [];
    if (dataFrom.length > 0)
      addOpen(source, `${producer} copies every key of its secret store's ${dataFromWhat(dataFrom)} (dataFrom), which are only known when it runs`);
  }
  if (templated) {
    if (templateData !== undefined && !isRecord(templateData)) {
      problems.push({ pointer: `${at}/target/template/data`, message: `${producer}: target.template.data is not a map` });
    }
    if (isRecord(templateData)) {
      for (const [key, raw] of Object.entries(templateData)) {
        const pointer = `${at}/target/template/data${encodePointer([key])}`;
        const value = scalar(raw);
        if (value === null) {
          problems.push({ pointer, message: `${producer}: target.template.data ${key} is not a string` });
          setUnknown(source, key, `${producer} template for key ${key} is not a string`, pointer);
        } else {
          // a Go template is kept as written: its literal parts are facts (`https://api.deepseek.com/{{ .path }}`
          // names the host), and the endpoint normaliser reads each `{{ ... }}` as a template expression
          // unknown before deploy, which is what it is (`{{ .OPENAI_BASE_URL }}` is an unresolved endpoint)
          setKnown(source, key, value, pointer);
        }
      }
    }
    (Array.isArray(templateFrom) ? templateFrom : []).forEach((entry, i) =>
      templateFromEntry(source, entry, `${at}/target/template/templateFrom/${i}`, producer),
    );
  }
  return source;
}

function dataFromWhat(dataFrom: unknown[]): string {
  const kinds = new Set<string>();
  for (const entry of dataFrom) {
    if (!isRecord(entry)) continue;
    if (isRecord(entry.extract)) kinds.add(`entry ${text(entry.extract.key) ?? "?"}`);
    else if (isRecord(entry.find)) kinds.add("entries it finds");
    else if (isRecord(entry.sourceRef)) kinds.add("generator");
  }
  return kinds.size === 0 ? "entries" : [...kinds].join(", ");
}

/** One `templateFrom` entry: a ConfigMap or Secret item rendered as a value names its key; the rest may write any key. */
function templateFromEntry(source: KeyValueSource, entry: unknown, pointer: string, producer: string): void {
  if (!isRecord(entry)) return;
  if (entry.target !== undefined && entry.target !== "Data") return; // renders labels or annotations, not keys
  for (const field of ["configMap", "secret"] as const) {
    const ref = entry[field];
    if (!isRecord(ref)) continue;
    const from = `${field === "configMap" ? "ConfigMap" : "Secret"} ${text(ref.name) ?? "?"}`;
    (Array.isArray(ref.items) ? ref.items : []).forEach((item, j) => {
      if (!isRecord(item)) return;
      const key = text(item.key);
      if (key === null) return;
      if (item.templateAs === "KeysAndValues") addOpen(source, `${producer} renders keys and values from ${from} key ${key} when it runs`);
      else {
        setUnknown(source, key, `${producer} renders key ${key} from the template in ${from} when it runs`, `${pointer}/${field}/items/${j}`);
        const name = text(ref.name);
        if (name !== null) (source.renderedFrom ??= new Map()).set(key, { kind: field === "configMap" ? "ConfigMap" : "Secret", name, key });
      }
    });
    return;
  }
  if (entry.literal !== undefined) addOpen(source, `${producer} renders keys from a literal template when it runs`);
}

function externalSecret(doc: ParsedDocument, object: KubeObject): Produced {
  const namespace = namespaceOf(object) ?? "default";
  const name = nameOf(object) ?? "";
  const producer = namespaceOf(object) === null ? `${object.kind} ${name}` : `${object.kind} ${namespace}/${name}`;
  const problems: ProducerProblem[] = [];
  // no spec: a kustomize patch of one (or a stub); it writes nothing the scan can read, and the sweep still reads it
  if (!isRecord(object.spec)) return { producer, sources: [], problems: [] };
  const source = externalSecretSource(doc, object.spec, "/spec", name, namespace, producer, problems);
  return { producer, sources: [{ source, namespaces: [namespace], ...besideItsWorkloads(doc) }], problems };
}

function clusterExternalSecret(doc: ParsedDocument, object: KubeObject): Produced {
  const name = nameOf(object) ?? "";
  const producer = `ClusterExternalSecret ${name}`;
  const spec = isRecord(object.spec) ? object.spec : null;
  if (spec === null || !isRecord(spec.externalSecretSpec)) return { producer, sources: [], problems: [] };
  const problems: ProducerProblem[] = [];
  const esName = text(spec.externalSecretName) ?? name;
  const listed = (Array.isArray(spec.namespaces) ? spec.namespaces : []).filter((n): n is string => typeof n === "string" && n !== "");
  const bySelector = spec.namespaceSelector !== undefined || spec.namespaceSelectors !== undefined;
  const source = externalSecretSource(doc, spec.externalSecretSpec, "/spec/externalSecretSpec", esName, listed[0] ?? "*", producer, problems);
  return { producer, sources: [{ source, namespaces: bySelector || listed.length === 0 ? null : listed }], problems };
}

function sealedSecret(doc: ParsedDocument, object: KubeObject): Produced {
  const spec = isRecord(object.spec) ? object.spec : {};
  const template = isRecord(spec.template) ? spec.template : {};
  const templateMeta = isRecord(template.metadata) ? template.metadata : {};
  const namespace = namespaceOf(object) ?? text(templateMeta.namespace) ?? "default";
  const name = nameOf(object) ?? text(templateMeta.name) ?? "";
  const producer = `SealedSecret ${namespace}/${name}`;
  const source = emptySource("Secret", namespace, name, doc, producer);
  const problems: ProducerProblem[] = [];
  if (spec.encryptedData !== undefined && !isRecord(spec.encryptedData))
    problems.push({ pointer: "/spec/encryptedData", message: `${producer}: encryptedData is not a map` });
  for (const key of Object.keys(isRecord(spec.encryptedData) ? spec.encryptedData : {})) {
    setUnknown(source, key, `${producer} key ${key} is encrypted; only the cluster's controller can read it`, `/spec/encryptedData${encodePointer([key])}`);
  }
  // the template's data is written in the clear (optionally as templates over the decrypted keys)
  if (isRecord(template.data)) {
    for (const [key, raw] of Object.entries(template.data)) {
      const pointer = `/spec/template/data${encodePointer([key])}`;
      const value = scalar(raw);
      // templates over the decrypted keys are kept as written, as an ExternalSecret's are
      if (value === null) setUnknown(source, key, `${producer} template for key ${key} is not a string`, pointer);
      else setKnown(source, key, value, pointer);
    }
  }
  // the pre-0.7 single blob: any keys
  if (typeof spec.data === "string") addOpen(source, `${producer} holds its keys in one encrypted blob (spec.data)`);
  return { producer, sources: [{ source, namespaces: [namespace], ...besideItsWorkloads(doc) }], problems };
}

/**
 * The workloads of a producer's own folder, or below it, are deployed with it (a kustomization, a
 * Flux or Argo CD path) and find it whatever namespace the scan reads them in: a kustomization's
 * `namespace` places both, while a workload written without one reads as `default`.
 */
function besideItsWorkloads(doc: ParsedDocument): { directory: string } {
  return { directory: directoryOf(doc.file) };
}

function directoryOf(file: string): string {
  return file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
}

/** `KEY=value` as kustomize splits it: at the first `=`, one pair of surrounding quotes dropped. */
function splitLiteral(literal: string): [string, string] | null {
  const cut = literal.indexOf("=");
  if (cut <= 0) return null;
  let value = literal.slice(cut + 1);
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) value = value.slice(1, -1);
  return [literal.slice(0, cut).trim(), value];
}

function kustomization(doc: ParsedDocument, value: Record<string, unknown>): Produced {
  const directory = directoryOf(doc.file);
  const namespace = text(value.namespace) ?? (isRecord(value.metadata) ? text(value.metadata.namespace) : null);
  const producer = `kustomization ${doc.file}`;
  const problems: ProducerProblem[] = [];
  const sources: ProducedSource[] = [];
  for (const [field, kind] of [
    ["secretGenerator", "Secret"],
    ["configMapGenerator", "ConfigMap"],
  ] as const) {
    (Array.isArray(value[field]) ? (value[field] as unknown[]) : []).forEach((generator, i) => {
      const at = `/${field}/${i}`;
      const name = isRecord(generator) ? text(generator.name) : null;
      if (!isRecord(generator) || name === null) {
        problems.push({ pointer: at, message: `${producer}: ${field} entry has no name` });
        return;
      }
      const ns = text(generator.namespace) ?? namespace ?? "default";
      const described = `${producer} ${field} ${name}`;
      const source = emptySource(kind, ns, name, doc, described);
      (Array.isArray(generator.literals) ? generator.literals : []).forEach((literal, j) => {
        const pair = typeof literal === "string" ? splitLiteral(literal) : null;
        if (pair === null) {
          problems.push({ pointer: `${at}/literals/${j}`, message: `${described}: literal is not KEY=value` });
          return;
        }
        setKnown(source, pair[0], pair[1], `${at}/literals/${j}`);
      });
      const envFiles = [...listOf(generator.envs), ...(typeof generator.env === "string" ? [generator.env] : [])].filter(
        (f): f is string => typeof f === "string",
      );
      if (envFiles.length > 0) addOpen(source, `${described} reads its keys from ${envFiles.join(", ")}, which the scan does not read`);
      (Array.isArray(generator.files) ? generator.files : []).forEach((entry, j) => {
        if (typeof entry !== "string") return;
        const cut = entry.indexOf("=");
        const file = cut > 0 ? entry.slice(cut + 1) : entry;
        const key = cut > 0 ? entry.slice(0, cut) : file.slice(file.lastIndexOf("/") + 1);
        setUnknown(source, key, `${described} key ${key} is the content of ${file}, which the scan does not read`, `${at}/files/${j}`);
      });
      sources.push({ source, namespaces: [ns], directory });
    });
  }
  return { producer, sources, problems };
}

/** What a producer document makes; null for any other document. */
export function producedBy(doc: ParsedDocument): Produced | null {
  const value = doc.value;
  if (isKubeObject(value) && value.apiVersion.startsWith(EXTERNAL_SECRETS_GROUP)) {
    if (value.kind === "ExternalSecret") return externalSecret(doc, value);
    if (value.kind === "ClusterExternalSecret") return clusterExternalSecret(doc, value);
    return null;
  }
  if (isKubeObject(value) && value.apiVersion.startsWith(SEALED_SECRETS_GROUP)) return value.kind === "SealedSecret" ? sealedSecret(doc, value) : null;
  if (isKustomization(value) && (value.kind !== undefined || KUSTOMIZATION_FILE.test(doc.file))) return kustomization(doc, value);
  return null;
}

/** A SOPS-encrypted value (`ENC[AES256_GCM,data:...,type:str]`): only who holds the key can read it. */
export function isSopsEncrypted(value: string): boolean {
  return value.startsWith("ENC[") && value.endsWith("]");
}

/** True for an object SOPS encrypted in place: its `sops` metadata stanza is there. */
export function hasSopsMetadata(object: Record<string, unknown>): boolean {
  return isRecord(object.sops) && (object.sops.mac !== undefined || object.sops.version !== undefined || object.sops.lastmodified !== undefined);
}
