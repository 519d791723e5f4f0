/**
 * Resources of an infrastructure-as-code program, read the same way from a Pulumi YAML program
 * (`resources: {name: {type, properties}}`, references `${name.attr}`) and from Terraform JSON
 * (`*.tf.json`: `resource: {type: {name: {...}}}`, references `${type.name.attr}`).
 *
 * OpenRouter resources are those of OpenRouterTeam/terraform-provider-openrouter; a Pulumi program
 * names them with the bridged provider's type tokens, derived from the Terraform resource names:
 * openrouter_api_key → `openrouter:index:ApiKey` (also written `openrouter:ApiKey` or
 * `openrouter:index/apiKey:ApiKey`), openrouter_guardrail → Guardrail, and so on.
 */

import path from "node:path";
import type { ParsedDocument } from "../../parse/document";
import { child } from "../core/fields";
import { isKubeObject, isRecord } from "../core/objects";

/** Terraform resource types of the OpenRouter provider this adapter reads, by Pulumi type name. */
export const OPENROUTER_TYPES: Readonly<Record<string, string>> = {
  ApiKey: "openrouter_api_key",
  Guardrail: "openrouter_guardrail",
  GuardrailKeyAssignment: "openrouter_guardrail_key_assignment",
  GuardrailMemberAssignment: "openrouter_guardrail_member_assignment",
  WorkspaceDefaultGuardrail: "openrouter_workspace_default_guardrail",
  WorkspaceBudget: "openrouter_workspace_budget",
  Workspace: "openrouter_workspace",
};

const TF_TYPES = new Set(Object.values(OPENROUTER_TYPES));

/**
 * The Terraform provider of these resource types, which is also the catalogue id of the operator
 * whose API the keys call: Terraform names a resource type `<provider>_<type>`.
 */
export const OPENROUTER_PROVIDER = OPENROUTER_TYPES.ApiKey.slice(0, OPENROUTER_TYPES.ApiKey.indexOf("_"));

export interface IacResource {
  program: "pulumi" | "terraform";
  /** The type as written (a Pulumi token or a Terraform resource type). */
  typeToken: string;
  /** The Terraform resource type of an OpenRouter resource, else null. */
  openrouterType: string | null;
  /** Logical name: the Pulumi resource name or the Terraform resource name. */
  name: string;
  /** What references name: "ci" in Pulumi, "openrouter_api_key.ci" in Terraform. */
  address: string;
  properties: Record<string, unknown>;
  /** Pointer of the properties map. */
  pointer: string;
  /** Pointer of the resource declaration. */
  resourcePointer: string;
  doc: ParsedDocument;
}

/** `openrouter:index:ApiKey`, `openrouter:ApiKey`, `openrouter:index/apiKey:ApiKey` → openrouter_api_key. */
export function openrouterTypeOfToken(token: string): string | null {
  const match = /^openrouter:(?:index(?:\/[A-Za-z]+)?:)?([A-Za-z]+)$/.exec(token.trim());
  if (!match) return null;
  return OPENROUTER_TYPES[match[1]] ?? null;
}

export function isPulumiProgram(value: unknown): value is Record<string, unknown> & { resources: Record<string, unknown> } {
  if (!isRecord(value) || isKubeObject(value) || !isRecord(value.resources)) return false;
  const entries = Object.values(value.resources);
  return entries.length > 0 && entries.every((entry) => isRecord(entry) && typeof entry.type === "string");
}

/** A Terraform JSON configuration: a `resource` map (or list of maps) of type → name → block. */
export function isTerraformJson(doc: ParsedDocument): boolean {
  const value = doc.value;
  if (!isRecord(value) || isKubeObject(value)) return false;
  const resource = value.resource;
  if (!(isRecord(resource) || Array.isArray(resource))) return false;
  return /\.tf\.json$/i.test(doc.file) || Object.hasOwn(value, "terraform") || Object.hasOwn(value, "provider");
}

export function pulumiResources(doc: ParsedDocument): IacResource[] {
  if (!isPulumiProgram(doc.value)) return [];
  const out: IacResource[] = [];
  for (const [name, entry] of Object.entries(doc.value.resources)) {
    if (!isRecord(entry) || typeof entry.type !== "string") continue;
    const resourcePointer = child("/resources", name);
    out.push({
      program: "pulumi",
      typeToken: entry.type,
      openrouterType: openrouterTypeOfToken(entry.type),
      name,
      address: name,
      properties: isRecord(entry.properties) ? entry.properties : {},
      pointer: child(resourcePointer, "properties"),
      resourcePointer,
      doc,
    });
  }
  return out;
}

export function terraformResources(doc: ParsedDocument): IacResource[] {
  const value = doc.value;
  if (!isTerraformJson(doc) || !isRecord(value)) return [];
  const out: IacResource[] = [];
  // `resource` may be a map or a list of maps; a block may be a map or a list of maps.
  const groups: Array<{ value: unknown; pointer: string }> = Array.isArray(value.resource)
    ? value.resource.map((item: unknown, i) => ({ value: item, pointer: child("/resource", i) }))
    : [{ value: value.resource, pointer: "/resource" }];
  for (const group of groups) {
    if (!isRecord(group.value)) continue;
    for (const [type, byName] of Object.entries(group.value)) {
      if (!isRecord(byName)) continue;
      for (const [name, block] of Object.entries(byName)) {
        const blocks = Array.isArray(block)
          ? block.map((b: unknown, i) => ({ b, p: child(child(child(group.pointer, type), name), i) }))
          : [{ b: block, p: child(child(group.pointer, type), name) }];
        for (const { b, p } of blocks) {
          if (!isRecord(b)) continue;
          out.push({
            program: "terraform",
            typeToken: type,
            openrouterType: TF_TYPES.has(type) ? type : null,
            name,
            address: `${type}.${name}`,
            properties: b,
            pointer: p,
            resourcePointer: p,
            doc,
          });
        }
      }
    }
  }
  return out;
}

/** A reference such as `${ci.hash}` (Pulumi) or `${openrouter_api_key.ci.hash}` (Terraform). */
export interface Reference {
  address: string;
  attribute: string | null;
}

// An interpolation is found first, then its inside is read: one pattern doing both had a name
// and a `[^}]*` tail that could each take the same characters, quadratic on `${aaaa...` unclosed.
const INTERPOLATION = /\$\{([^{}]*)\}/g;
const PULUMI_REF = /^\s*([A-Za-z_][A-Za-z0-9_-]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?/;
const TERRAFORM_REF = /^\s*([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?/;

/** Every reference inside a string value. */
export function referencesIn(text: string, program: "pulumi" | "terraform"): Reference[] {
  const out: Reference[] = [];
  for (const interpolation of text.matchAll(INTERPOLATION)) {
    const inside = interpolation[1];
    if (program === "pulumi") {
      const match = PULUMI_REF.exec(inside);
      if (match) out.push({ address: match[1], attribute: match[2] ?? null });
    } else {
      const match = TERRAFORM_REF.exec(inside);
      if (match) out.push({ address: `${match[1]}.${match[2]}`, attribute: match[3] ?? null });
    }
  }
  return out;
}

/** The single reference a value is made of (`"${guard.id}"`), else null. */
export function wholeReference(value: unknown, program: "pulumi" | "terraform"): Reference | null {
  if (typeof value !== "string") return null;
  const refs = referencesIn(value, program);
  return refs.length === 1 && /^\s*\$\{[^}]*\}\s*$/.test(value) ? refs[0] : null;
}

/**
 * A comparable identity for a value naming another resource or a literal id: references compare
 * by address, literals by text.
 */
export function identity(value: unknown, program: "pulumi" | "terraform"): string | null {
  const ref = wholeReference(value, program);
  if (ref !== null) return `ref:${ref.address}`;
  if (typeof value === "string" && value.trim() !== "") return `lit:${value.trim()}`;
  return null;
}

/** The Terraform module of a file: its directory. */
export function moduleOf(file: string): string {
  return path.posix.dirname(file.split(path.sep).join("/"));
}
