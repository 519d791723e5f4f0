/**
 * The evaluation core of the policy pack: Pulumi resources → canonical documents (the Pulumi
 * adapters) → the compiled rule bundle → findings keyed by URN. One evaluation serves every
 * policy with the same options; each CrossGuard policy then reports the findings of its own rule.
 */

import { createHash } from "node:crypto";
import { ADAPTERS } from "../adapters/registry";
import { applyPolicyKeys } from "../catalog/policy";
import {
  adaptResource,
  adaptStack,
  isRecognised,
  isStackScoped,
  stackBudgetDocument,
  type PulumiAdapterOptions,
  type PulumiResource,
} from "../adapters/pulumi";
import { PolicyEngine } from "../engine/engine";
import { readBundle, type LoadedBundle } from "../bundle/read";
import { findingFromMetadata } from "../findings/build";
import { waiveInline, type CarrierWaivers } from "../findings/post-engine";
import { resolveToday } from "../findings/waivers/dates";
import type { Finding } from "../findings/types";
import type { Budget, Classification, LlmUsageDocument, Problem } from "../model/canonical";
import { settingsFromBundleData } from "../scan/settings";
import { sweepStack } from "../adapters/pulumi/sweep";
import { describeSchemaErrors, validator } from "../schemas";
import type { PolicyOptions } from "./config";
import { stackConfigValue } from "../adapters/pulumi/stack-config";
import { isUnknownText, UNKNOWN_REASON } from "../adapters/pulumi/unknowns";
import { ModelgateError } from "../errors";
import { packStackWaivers, resourceWaivers, settlePackFindings, type StackWaivers } from "./waivers";

/** A finding as the pack reports it. */
export interface PackFinding extends Finding {
  /** The resource the finding is about; null for the stack as a whole. */
  urn: string | null;
  /** True when the finding exists only because a value is unknown during preview. */
  previewUnknown: boolean;
}

/** What the engine tells the pack about the stack (ConfigureStack and the environment of the language host). */
export interface StackContext {
  stack: string;
  project: string;
  dryRun: boolean;
  /** Stack config, `namespace:key` → value as the engine sends it (objects as JSON text). */
  config: Record<string, string>;
}

/** The stack context of the current process, from the variables the Pulumi language host sets. */
export function stackContextFromEnv(env: NodeJS.ProcessEnv = process.env): StackContext {
  let config: Record<string, string> = {};
  try {
    const parsed: unknown = JSON.parse(env.PULUMI_CONFIG ?? "{}");
    if (parsed !== null && typeof parsed === "object") config = parsed as Record<string, string>;
  } catch {
    config = {};
  }
  const flag = env.PULUMI_NODEJS_DRY_RUN ?? env.PULUMI_DRY_RUN;
  return {
    stack: env.PULUMI_NODEJS_STACK ?? env.PULUMI_STACK ?? "",
    project: env.PULUMI_NODEJS_PROJECT ?? env.PULUMI_PROJECT ?? "",
    dryRun: flag === "true",
    config,
  };
}

function configValue(context: StackContext, key: string): { value: unknown; error: string | null } | null {
  const raw = context.config[key];
  if (raw === undefined) return null;
  const read = stackConfigValue(raw);
  return "unparsable" in read
    ? { value: raw, error: `stack config ${key} must be an object (YAML map), got "${read.unparsable}"` }
    : { value: read.value, error: null };
}

/** Validates a stack config object against a fragment of the classification schema. */
function stackObject<T>(context: StackContext, key: string, fragment: string, problems: string[]): T | null {
  const found = configValue(context, key);
  if (!found) return null;
  if (found.error) {
    problems.push(found.error);
    return null;
  }
  const validate = validator("workload-classification", fragment);
  if (!validate(found.value)) {
    for (const error of describeSchemaErrors(validate.errors)) problems.push(`stack config ${key}${error.pointer} ${error.message}`);
    return null;
  }
  return found.value as T;
}

interface Prepared {
  engine: PolicyEngine;
  adapterOptions: PulumiAdapterOptions;
  /** Problems with the stack config: reported on every workload, so a typo never passes. */
  stackProblems: string[];
  stackBudget: Budget | null;
  /** Central waivers from stack config `modelgate:waivers` (and its problems). */
  waivers: StackWaivers;
}

export class PackPolicyError extends ModelgateError {
  constructor(message: string) {
    super("config", message);
  }
}

/**
 * Bundle data with the policy options' organisation-policy keys applied. Rules are never filtered
 * by the bundle's `disabledRules` here: in the pack, each rule's enforcement level decides (a rule off
 * by default starts `disabled` and is turned on by configuring its policy), unless the options name
 * `disabledRules` themselves.
 */
function withPolicy(data: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const modelgate = (data.modelgate ?? {}) as Record<string, unknown>;
  const policy = applyPolicyKeys({ ...(modelgate.policy as Record<string, unknown>), disabledRules: [] }, overrides);
  const validate = validator("org-policy");
  if (!validate(policy)) {
    throw new PackPolicyError(
      `policy pack configuration: ${describeSchemaErrors(validate.errors)
        .map((e) => `${e.pointer || "/"} ${e.message}`)
        .join("; ")}`,
    );
  }
  return { ...data, modelgate: { ...modelgate, policy } };
}

function hash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

/** A finding about the stack as a whole (its config), reported with validateStack. */
function stackLevel(finding: Finding): PackFinding {
  return { ...finding, urn: null, previewUnknown: false };
}

/** Findings of a document that exist only because of values unknown during preview. */
function previewUnknownSubjects(document: LlmUsageDocument): Set<string> {
  const subjects = new Set<string>();
  for (const route of document.routes) if (route.unresolvedEndpoint?.reason === UNKNOWN_REASON) subjects.add(route.id);
  for (const server of document.servers) if (server.weights.ref?.includes("<unknown>")) subjects.add(server.id);
  return subjects;
}

/**
 * Evaluates Pulumi resources against a rule bundle. Engines are kept per distinct policy options
 * and results per distinct input, because the engine calls every policy on the same resource.
 */
export class PulumiEvaluator {
  private readonly prepared = new Map<string, Prepared>();
  private readonly results = new Map<string, PackFinding[]>();

  /** `today` judges waiver expiry: MODELGATE_TODAY, else the UTC date, as in `modelgate check`. */
  constructor(
    private readonly defaultBundle: LoadedBundle,
    private readonly today: () => string = () => resolveToday(undefined),
  ) {}

  /** The bundle policies are created from (its catalogue names the policies). */
  get bundle(): LoadedBundle {
    return this.defaultBundle;
  }

  get catalog(): LoadedBundle["catalog"] {
    return this.defaultBundle.catalog;
  }

  private prepare(options: PolicyOptions, context: StackContext): Prepared {
    const key = hash([options, context.config]);
    const hit = this.prepared.get(key);
    if (hit) return hit;
    const bundle = options.bundle ? readBundle(options.bundle) : this.defaultBundle;
    const data = withPolicy(bundle.data, options.policy);
    const stackProblems: string[] = [];
    const stackClassification = stackObject<Classification>(context, "modelgate:classification", "/$defs/classification", stackProblems);
    const stackBudget = stackObject<Budget>(context, "modelgate:budget", "/$defs/budget", stackProblems);
    const prepared: Prepared = {
      engine: new PolicyEngine({ ...bundle, data }),
      adapterOptions: { componentTypes: options.componentTypes, stackClassification },
      stackProblems,
      stackBudget,
      waivers: packStackWaivers(context.config, bundle.catalog),
    };
    if (this.prepared.size > 16) this.prepared.clear();
    this.prepared.set(key, prepared);
    return prepared;
  }

  private remember(key: string, compute: () => PackFinding[]): PackFinding[] {
    const hit = this.results.get(key);
    if (hit) return hit;
    const value = compute();
    if (this.results.size > 512) this.results.clear();
    this.results.set(key, value);
    return value;
  }

  /** Engine findings of the documents, each waived by the inline waivers of its workload's resource, plus those waivers' invalid-waiver findings. */
  private evaluateDocuments(
    prepared: Prepared,
    documents: LlmUsageDocument[],
    problems: Problem[],
    urnOf: (file: string) => string | null,
    waivers: Map<string, CarrierWaivers> = new Map(),
  ): PackFinding[] {
    const { engine } = prepared;
    const out: PackFinding[] = [];
    for (const document of documents) {
      for (const message of prepared.stackProblems) {
        document.classificationErrors.push({ message, source: { ...document.workload.source, pointer: "" } });
      }
      const unknown = previewUnknownSubjects(document);
      // the workload's URN, even when the offending value sits in a ConfigMap or Secret it reads
      const urn = urnOf(document.workload.source.file);
      const findings = engine.evaluate(document);
      waiveInline(findings, (urn !== null && waivers.get(urn)?.waivers) || []);
      for (const finding of findings) {
        out.push({ ...finding, urn, previewUnknown: unknown.has(finding.subject) || isUnknownText(finding.message) });
      }
    }
    for (const problem of problems) {
      const finding = findingFromMetadata(engine.catalog, "invalid-input", problem.source, problem.source.file, problem.message);
      out.push({ ...finding, urn: urnOf(problem.source.file), previewUnknown: false });
    }
    for (const [urn, read] of waivers) for (const finding of read.findings) out.push({ ...finding, urn, previewUnknown: false });
    return out;
  }

  /** Whether the resource phase reads this resource (a recognised cloud resource, not a Kubernetes object). */
  readsOnItsOwn(resource: Pick<PulumiResource, "type">, options: PolicyOptions): boolean {
    const adapterOptions = { componentTypes: options.componentTypes, stackClassification: null };
    return isRecognised(resource.type, adapterOptions) && !isStackScoped(resource as PulumiResource, adapterOptions);
  }

  /** Findings of one cloud resource, read on its own (validateResource). */
  resourceFindings(resource: PulumiResource, options: PolicyOptions, context: StackContext): PackFinding[] {
    const prepared = this.prepare(options, context);
    const today = this.today();
    return this.remember(hash(["resource", options, context, resource, today]), () => {
      const settings = settingsFromBundleData(prepared.engine.bundle.data);
      const adapted = adaptResource(resource, settings, prepared.adapterOptions);
      const waivers = resourceWaivers([resource], prepared.adapterOptions, today, prepared.waivers.settings.waivers.maxDays, prepared.engine.catalog);
      const findings = this.evaluateDocuments(prepared, adapted.documents, adapted.problems, () => resource.urn, waivers);
      return settlePackFindings(findings, prepared.waivers, today, prepared.engine.catalog, false, stackLevel);
    });
  }

  /**
   * Findings of the stack (validateStack): the Kubernetes objects adapted together with the
   * ConfigMaps, Secrets and Namespaces they read, and, with stack config `modelgate:budget`, the
   * worst-case spend of every LLM route of the stack against that budget.
   */
  stackFindings(resources: PulumiResource[], options: PolicyOptions, context: StackContext): PackFinding[] {
    const prepared = this.prepare(options, context);
    const today = this.today();
    return this.remember(hash(["stack", options, context, resources, today]), () => {
      const settings = settingsFromBundleData(prepared.engine.bundle.data);
      const byFile = new Map(resources.map((resource) => [resource.file, resource.urn]));
      const urnOf = (file: string): string | null => byFile.get(file) ?? null;
      const kube = resources.filter((resource) => isStackScoped(resource, prepared.adapterOptions));
      const adapted = adaptStack(kube, settings, prepared.adapterOptions, ADAPTERS);
      const waivers = resourceWaivers(kube, prepared.adapterOptions, today, prepared.waivers.settings.waivers.maxDays, prepared.engine.catalog);
      const findings = this.evaluateDocuments(prepared, adapted.documents, adapted.problems, urnOf, waivers);
      // the residual sweep reads every resource of any type against all the stack's adapters made of them, as a plan file is swept
      const everything = adaptStack(resources, settings, prepared.adapterOptions, ADAPTERS);
      const sightings = sweepStack(resources, everything, settings, prepared.adapterOptions, ADAPTERS);
      if (sightings.length > 0) {
        const all = resourceWaivers(resources, prepared.adapterOptions, today, prepared.waivers.settings.waivers.maxDays, prepared.engine.catalog);
        // invalid waivers were reported with their resources already
        for (const read of all.values()) read.findings = [];
        findings.push(...this.evaluateDocuments(prepared, sightings, [], urnOf, all));
      }
      if (prepared.stackBudget) {
        const all = everything.documents;
        const stack = context.stack || "stack";
        const total = stackBudgetDocument(all, prepared.stackBudget, stack, { file: "", line: 0, column: 0, pointer: "" });
        for (const finding of prepared.engine.evaluate(total)) {
          // only the stack-wide totals: route-level budget findings are already reported on their workloads
          if (finding.category !== "budget" || finding.subject !== "") continue;
          findings.push({ ...finding, message: `stack ${stack} (modelgate:budget): ${finding.message}`, urn: null, previewUnknown: false });
        }
      }
      return settlePackFindings(findings, prepared.waivers, today, prepared.engine.catalog, true, stackLevel);
    });
  }
}
