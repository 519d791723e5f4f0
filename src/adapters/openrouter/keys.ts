/**
 * OpenRouter API keys, guardrails and workspace budgets declared in a Pulumi YAML program or a
 * Terraform JSON module (OpenRouterTeam/terraform-provider-openrouter docs/resources/*), joined
 * into the routes that use them.
 *
 *  - A key (`openrouter_api_key`) is used by every other resource of the same program/module that
 *    references its secret (`${ci.key}`, `${openrouter_api_key.ci.key}`): each such resource is a
 *    workload with one OpenRouter route per model named beside the reference. A key nobody in the
 *    program uses becomes a workload of its own (kind OpenRouterApiKey).
 *  - `limit` + `limit_reset` (daily 1, weekly 7, monthly 30 days; no reset = lifetime), the
 *    assigned guardrail's `limit_usd` + `reset_interval` and the workspace's
 *    `openrouter_workspace_budget` (`interval` daily|weekly|monthly|lifetime) are budgets of those
 *    routes: the one with the lowest monthly worst case is kept.
 *  - A guardrail applies only where it is assigned: `openrouter_guardrail_key_assignment` to the key,
 *    else `openrouter_guardrail_member_assignment` to the member who created the key
 *    (`creator_user_id`) in the same workspace, else the key's workspace default guardrail
 *    (`openrouter_workspace_default_guardrail`). Its `allowed_providers`/`ignored_providers` become
 *    the route's `only`/`ignore`, `allowed_models` the models the key can reach, `enforce_zdr`
 *    (or every `enforce_zdr_*`) `zdr` and data collection "deny", and paid and free model training
 *    both disabled data collection "deny". An unassigned guardrail constrains nothing.
 */

import path from "node:path";
import {
  CANONICAL_API_VERSION,
  emptyLimits,
  type AggregatorRouting,
  type Cap,
  type CapWindow,
  type Limits,
  type LlmUsageDocument,
  type Problem,
  type Route,
} from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { resolveClassification, type LabelLayer } from "../classification/resolve";
import { booleanValue, child, describeValue, field, numberField, stringList, type Report } from "../core/fields";
import { isRecord } from "../core/objects";
import { cap, days, endpointFields, LIFETIME, months, newRoute, type EndpointFields } from "../core/route";
import { sourceAt, type AdapterContext, type AdapterOutput } from "../core/types";
import { openRouterModel } from "./app-config";
import { identity, OPENROUTER_PROVIDER, referencesIn, wholeReference, type IacResource } from "./iac";

/** Guardrail attributes that each require zero data retention for one group of providers (terraform-provider-openrouter). */
const ZDR_FLAGS = ["enforce_zdr_anthropic", "enforce_zdr_openai", "enforce_zdr_google", "enforce_zdr_xai", "enforce_zdr_other"];

const PERIODS: Readonly<Record<string, CapWindow>> = { daily: days(1), weekly: days(7), monthly: months(1), lifetime: LIFETIME };
const MODEL_KEY = /(^|[_-])model([_-]?(name|id))?$/i;

function hasIndirection(value: unknown): boolean {
  return typeof value === "string" && /\$\{/.test(value);
}

interface AppliedGuardrail {
  resource: IacResource;
  how: string;
}

/** A string value that references `address.key`, with its pointer and the map that holds it. */
interface KeyUse {
  key: IacResource;
  pointer: string;
  holder: Record<string, unknown>;
  holderPointer: string;
  /** The property name holding the reference, e.g. OPENROUTER_API_KEY. */
  name: string;
  /** The list the holder is an entry of (a Kubernetes-style env list), with its pointer. */
  list: { items: unknown[]; pointer: string } | null;
}

export class OpenRouterProgram {
  readonly problems: Problem[] = [];
  private readonly byAddress = new Map<string, IacResource>();

  constructor(
    /** Every resource of the program or module, across its files. */
    private readonly resources: IacResource[],
    private readonly ctx: AdapterContext,
  ) {
    for (const resource of resources) this.byAddress.set(resource.address, resource);
  }

  private report(resource: IacResource): Report {
    return (message, pointer) => this.problems.push({ message, source: sourceAt(resource.doc, pointer) });
  }

  private label(resource: IacResource): string {
    return resource.program === "terraform" ? resource.address : `${resource.typeToken} ${resource.name}`;
  }

  private ofType(type: string): IacResource[] {
    return this.resources.filter((r) => r.openrouterType === type);
  }

  /** The resource a reference value points at, if it is of the wanted type. */
  private target(value: unknown, program: IacResource["program"], type: string): IacResource | null {
    const ref = wholeReference(value, program);
    if (ref === null) return null;
    const resource = this.byAddress.get(ref.address);
    return resource?.openrouterType === type ? resource : null;
  }

  /** Identity of a workspace reference, following a reference to an openrouter_workspace to its slug too. */
  private workspaceIds(value: unknown, program: IacResource["program"]): Set<string> {
    const ids = new Set<string>();
    const id = identity(value, program);
    if (id === null) return ids;
    ids.add(id);
    const workspace = this.target(value, program, "openrouter_workspace");
    if (workspace) {
      for (const key of ["slug", "id"]) {
        const literal = workspace.properties[key];
        if (typeof literal === "string" && literal.trim() !== "") ids.add(`lit:${literal.trim()}`);
      }
    }
    return ids;
  }

  private sameWorkspace(a: unknown, b: unknown, program: IacResource["program"]): boolean {
    const left = this.workspaceIds(a, program);
    return [...this.workspaceIds(b, program)].some((id) => left.has(id));
  }

  /** The guardrail in force for a key: key assignment, else member assignment, else workspace default. */
  guardrailOf(key: IacResource): AppliedGuardrail | null {
    const keyName = this.label(key);
    for (const assignment of this.ofType("openrouter_guardrail_key_assignment")) {
      const hash = field(assignment.properties, "key_hash");
      const ref = hash ? wholeReference(hash.value, assignment.program) : null;
      if (ref?.address !== key.address) continue;
      const guard = field(assignment.properties, "guardrail_id");
      const guardrail = guard ? this.target(guard.value, assignment.program, "openrouter_guardrail") : null;
      if (guardrail) return { resource: guardrail, how: `guardrail ${this.label(guardrail)} assigned to key ${keyName} by ${this.label(assignment)}` };
    }
    const creator = field(key.properties, "creator_user_id");
    const creatorId = creator ? identity(creator.value, key.program) : null;
    const keyWorkspace = field(key.properties, "workspace_id")?.value;
    if (creatorId !== null) {
      for (const assignment of this.ofType("openrouter_guardrail_member_assignment")) {
        const user = field(assignment.properties, "user_id");
        if (!user || identity(user.value, assignment.program) !== creatorId) continue;
        const workspace = field(assignment.properties, "workspace_id")?.value;
        if (keyWorkspace !== undefined && workspace !== undefined && !this.sameWorkspace(keyWorkspace, workspace, key.program)) continue;
        const guard = field(assignment.properties, "guardrail_id");
        const guardrail = guard ? this.target(guard.value, assignment.program, "openrouter_guardrail") : null;
        if (guardrail) {
          return {
            resource: guardrail,
            how: `guardrail ${this.label(guardrail)} assigned to member ${String(user.value)}, creator of key ${keyName}, by ${this.label(assignment)}`,
          };
        }
      }
    }
    if (keyWorkspace !== undefined) {
      for (const fallback of this.ofType("openrouter_workspace_default_guardrail")) {
        const workspace = field(fallback.properties, "workspace_id")?.value;
        if (workspace !== undefined && this.sameWorkspace(keyWorkspace, workspace, key.program)) {
          return { resource: fallback, how: `workspace default guardrail ${this.label(fallback)} of key ${keyName}'s workspace` };
        }
      }
    }
    return null;
  }

  /** Routing restrictions of a guardrail, and the models it allows. */
  private guardrailRouting(applied: AppliedGuardrail): { routing: AggregatorRouting; models: Array<{ id: string; pointer: string }> } {
    const guardrail = applied.resource;
    const report = this.report(guardrail);
    const props = guardrail.properties;
    const label = this.label(guardrail);
    const routing: AggregatorRouting = { constraintSource: applied.how };
    const models: Array<{ id: string; pointer: string }> = [];
    for (const [name, target] of [
      ["allowed_providers", "only"],
      ["ignored_providers", "ignore"],
    ] as const) {
      const found = field(props, name);
      if (!found || hasIndirection(found.value)) continue;
      const list = stringList(found.value, child(guardrail.pointer, found.key), `${label}.${found.key}`, report);
      if (list !== null && list.length > 0) routing[target] = list;
    }
    const allowed = field(props, "allowed_models");
    if (allowed && !hasIndirection(allowed.value)) {
      const list = stringList(allowed.value, child(guardrail.pointer, allowed.key), `${label}.${allowed.key}`, report);
      list?.forEach((id, i) => models.push({ id, pointer: child(child(guardrail.pointer, allowed.key), i) }));
    }
    const flag = (name: string): boolean | null => {
      const found = field(props, name);
      if (!found || hasIndirection(found.value)) return null;
      return booleanValue(found.value, child(guardrail.pointer, found.key), `${label}.${found.key}`, report);
    };
    const all = flag("enforce_zdr");
    const perProvider = ZDR_FLAGS.map((name) => flag(name) ?? all);
    if (perProvider.every((on) => on === true)) {
      routing.zdr = true;
      routing.dataCollection = "deny";
    }
    if (flag("enable_paid_model_training") === false && flag("enable_free_model_training") === false) routing.dataCollection = "deny";
    return { routing, models };
  }

  private budget(resource: IacResource, usdKey: string, periodKey: string, origin: string, lifetimeWhenMissing: boolean): Cap | null {
    const report = this.report(resource);
    const usdField = field(resource.properties, usdKey);
    if (!usdField || hasIndirection(usdField.value)) return null;
    const usd = numberField(usdField.value, child(resource.pointer, usdField.key), `${this.label(resource)}.${usdField.key}`, report);
    if (usd === null) return null;
    const periodField = field(resource.properties, periodKey);
    if (!periodField) return lifetimeWhenMissing ? cap("usd", usd, LIFETIME, origin) : null;
    if (hasIndirection(periodField.value)) return null;
    const period = typeof periodField.value === "string" ? periodField.value.trim().toLowerCase() : "";
    if (!(period in PERIODS)) {
      report(
        `${this.label(resource)}.${periodField.key} must be daily, weekly or monthly, got ${describeValue(periodField.value)}`,
        child(resource.pointer, periodField.key),
      );
      return null;
    }
    return cap("usd", usd, PERIODS[period], origin);
  }

  /** Every budget over the key: its own limit, its guardrail's and its workspace's. */
  limitsOf(key: IacResource, guardrail: AppliedGuardrail | null): Partial<Limits> {
    const candidates: Cap[] = [];
    const own = this.budget(key, "limit", "limit_reset", `${this.label(key)} limit`, true);
    if (own) candidates.push(own);
    if (guardrail) {
      const guard = this.budget(guardrail.resource, "limit_usd", "reset_interval", `${this.label(guardrail.resource)} limit_usd`, false);
      if (guard) candidates.push(guard);
    }
    const keyWorkspace = field(key.properties, "workspace_id")?.value;
    if (keyWorkspace !== undefined) {
      for (const budget of this.ofType("openrouter_workspace_budget")) {
        const workspace = field(budget.properties, "id")?.value ?? field(budget.properties, "workspace_id")?.value;
        if (workspace === undefined || !this.sameWorkspace(keyWorkspace, workspace, key.program)) continue;
        const found = this.budget(budget, "limit_usd", "interval", `${this.label(budget)} limit_usd`, false);
        if (found) candidates.push(found);
      }
    }
    return candidates.length > 0 ? { caps: candidates } : {};
  }

  keys(): IacResource[] {
    return this.ofType("openrouter_api_key").filter((key) => field(key.properties, "disabled")?.value !== true);
  }

  /** Every place a non-OpenRouter resource uses a key's secret. */
  usesOf(consumer: IacResource): KeyUse[] {
    if (consumer.openrouterType !== null) return [];
    const keys = new Map(this.keys().map((key) => [key.address, key]));
    const uses: KeyUse[] = [];
    type List = KeyUse["list"];
    const visit = (
      node: unknown,
      pointer: string,
      holder: Record<string, unknown> | null,
      holderPointer: string,
      name: string,
      list: List,
      inList: List,
    ): void => {
      if (typeof node === "string") {
        for (const ref of referencesIn(node, consumer.program)) {
          const key = keys.get(ref.address);
          if (key && ref.attribute === "key" && holder !== null) uses.push({ key, pointer, holder, holderPointer, name, list });
        }
        return;
      }
      if (Array.isArray(node)) node.forEach((item, i) => visit(item, child(pointer, i), holder, holderPointer, name, list, { items: node, pointer }));
      else if (isRecord(node)) {
        // Kubernetes-style env lists: {name: X, value: "${ci.key}"} is the variable X.
        const envName = typeof node.name === "string" && Object.hasOwn(node, "value") ? node.name : null;
        for (const [key, value] of Object.entries(node)) visit(value, child(pointer, key), node, pointer, envName ?? key, inList, null);
      }
    };
    visit(consumer.properties, consumer.pointer, null, consumer.pointer, "", null, null);
    return uses;
  }

  /** Models named beside a key reference: OPENROUTER_MODEL, LLM_MODEL, model, modelId (literals only). */
  private modelsBeside(use: KeyUse): Array<{ id: string; pointer: string }> {
    const out: Array<{ id: string; pointer: string }> = [];
    for (const [key, value] of Object.entries(use.holder)) {
      if (MODEL_KEY.test(key) && typeof value === "string" && value.trim() !== "") out.push({ id: value, pointer: child(use.holderPointer, key) });
    }
    // Kubernetes-style env lists: a sibling entry {name: *_MODEL, value: "..."} in the same list.
    use.list?.items.forEach((item, i) => {
      if (isRecord(item) && typeof item.name === "string" && MODEL_KEY.test(item.name) && typeof item.value === "string" && item.value.trim() !== "") {
        out.push({ id: item.value, pointer: child(child(use.list!.pointer, i), "value") });
      }
    });
    return out;
  }

  /** The API the keys call: the operator's default endpoint from the catalogue (unresolved when it has none). */
  private endpoint(): EndpointFields {
    const url = this.ctx.settings.catalog.operator(OPENROUTER_PROVIDER)?.defaultEndpoint ?? null;
    if (url === null) return { endpoint: null, unresolvedEndpoint: { raw: "", reason: `the catalogue has no default endpoint for ${OPENROUTER_PROVIDER}` } };
    return endpointFields(url, this.ctx.settings);
  }

  /** Routes of one key as used at one place (or by itself). */
  private routes(key: IacResource, models: Array<{ id: string; pointer: string }>, idBase: string, via: string, source: ReturnType<typeof sourceAt>): Route[] {
    const guardrail = this.guardrailOf(key);
    const guard = guardrail ? this.guardrailRouting(guardrail) : null;
    const limits = this.limitsOf(key, guardrail);
    const routing: AggregatorRouting = guard ? guard.routing : {};
    const endpoint = this.endpoint();
    let list = models;
    if (list.length === 0 && guard) list = guard.models;
    if (list.length === 0) {
      return [newRoute({ id: idBase, via: `${via} (any model: none named or allowed by a guardrail)`, source, endpoint, routing: { ...routing }, limits })];
    }
    const ids = list.map((_, i) => (list.length === 1 ? idBase : `${idBase}/${i}`));
    return list.map((entry, i) =>
      newRoute({
        id: ids[i],
        via: `${via} model ${entry.id}`,
        source,
        endpoint,
        model: openRouterModel(entry.id, this.ctx.settings.catalog.operator(OPENROUTER_PROVIDER)),
        routing: { ...routing },
        limits,
      }),
    );
  }

  private document(workload: LlmUsageDocument["workload"], layers: LabelLayer[], file: string, routes: Route[]): LlmUsageDocument {
    const classification = resolveClassification(layers, file, workload.resource, this.ctx);
    return {
      apiVersion: CANONICAL_API_VERSION,
      kind: "LLMUsage",
      workload,
      classification: classification.classification,
      classificationSource: classification.classificationSource,
      classificationErrors: classification.classificationErrors,
      classificationConflicts: classification.classificationConflicts,
      routes,
      servers: [],
      limits: emptyLimits(),
      problems: [],
    };
  }

  /** Labels on a consumer: `tags` (AWS), `labels` (GCP, Azure-style), `metadata.labels/annotations` (Kubernetes). */
  private layers(consumer: IacResource): LabelLayer[] {
    const layers: LabelLayer[] = [];
    const props = consumer.properties;
    if (isRecord(props.metadata))
      layers.push({ origin: "resource", doc: consumer.doc, metadataPointer: child(consumer.pointer, "metadata"), metadata: props.metadata });
    if (isRecord(props.labels)) layers.push({ origin: "resource", doc: consumer.doc, metadataPointer: consumer.pointer, metadata: { labels: props.labels } });
    if (isRecord(props.tags)) {
      // tags are read as labels; a problem with one is reported at the resource's properties
      layers.push({ origin: "resource", doc: consumer.doc, metadataPointer: consumer.pointer, metadata: { labels: props.tags } });
    }
    return layers;
  }

  /** Documents for the resources declared in `doc`: consumers of keys, and keys nobody uses. */
  adapt(doc: ParsedDocument): AdapterOutput {
    const documents: LlmUsageDocument[] = [];
    const file = doc.file.split(path.sep).join("/");
    const dir = path.posix.dirname(file);
    const used = new Set<string>();
    const consumers = this.resources.filter((r) => r.openrouterType === null);
    const usesByConsumer = new Map(consumers.map((c) => [c, this.usesOf(c)]));
    for (const uses of usesByConsumer.values()) for (const use of uses) used.add(use.key.address);

    for (const [consumer, uses] of usesByConsumer) {
      if (consumer.doc !== doc || uses.length === 0) continue;
      const resource = consumer.program === "terraform" ? `${consumer.address}` : `${consumer.typeToken}/${consumer.name}`;
      const routes: Route[] = [];
      uses.forEach((use, i) => {
        const via = `${use.name || "property"} of ${this.label(consumer)} (OpenRouter key ${this.label(use.key)})`;
        const idBase = uses.length === 1 ? `key/${use.key.name}` : `key/${use.key.name}/${i}`;
        routes.push(...this.routes(use.key, this.modelsBeside(use), idBase, via, sourceAt(consumer.doc, use.pointer)));
      });
      documents.push(
        this.document(
          { kind: consumer.typeToken, name: consumer.name, namespace: null, resource, source: sourceAt(consumer.doc, consumer.resourcePointer) },
          this.layers(consumer),
          doc.file,
          routes,
        ),
      );
    }
    for (const key of this.keys()) {
      if (key.doc !== doc || used.has(key.address)) continue;
      const name = typeof key.properties.name === "string" ? key.properties.name : key.name;
      const resource = `OpenRouterApiKey/${dir === "." ? "" : `${dir}/`}${key.address}`;
      const via = `OpenRouter key ${this.label(key)}`;
      const routes = this.routes(key, [], `key/${key.name}`, via, sourceAt(key.doc, key.resourcePointer));
      documents.push(
        this.document({ kind: "OpenRouterApiKey", name, namespace: null, resource, source: sourceAt(key.doc, key.resourcePointer) }, [], doc.file, routes),
      );
    }
    // Read the guardrails and budgets declared here even when no key of this file uses them, so
    // their mistakes are reported once, at their own file.
    for (const resource of this.resources) {
      if (resource.doc !== doc) continue;
      if (resource.openrouterType === "openrouter_guardrail" || resource.openrouterType === "openrouter_workspace_default_guardrail") {
        this.guardrailRouting({ resource, how: "" });
        this.budget(resource, "limit_usd", "reset_interval", "", false);
      } else if (resource.openrouterType === "openrouter_workspace_budget") this.budget(resource, "limit_usd", "interval", "", false);
      else if (resource.openrouterType === "openrouter_api_key") this.budget(resource, "limit", "limit_reset", "", true);
    }
    const problems = this.problems.filter((p) => p.source.file === doc.file && p.source.document === doc.index);
    return { documents, problems: dedupe(problems) };
  }
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.source.file}\u0000${p.source.pointer}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
