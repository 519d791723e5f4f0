/**
 * One CrossGuard policy per rule of the catalogue, produced from the rule metadata (Rego METADATA):
 * name = rule id, description = title, severity, remediation steps, docs URL, a default enforcement
 * level from the severity, and the pack's options schema (built from schemas/). Each policy
 * validates cloud resources one at a time (validateResource) and the stack as a whole
 * (validateStack: Kubernetes objects joined with the ConfigMaps, Secrets and Namespaces they read,
 * and stack budget totals), and reports the findings of its own rule.
 *
 * This module constructs no PolicyPack (that starts a gRPC server); packs/modelgate does.
 */

import type { EnforcementLevel, Policy, PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import type { RuleMeta } from "../catalog/rules";
import type { Severity } from "../findings/types";
import { waiverText } from "../reporters/shared";
import { packConfigSchema, readPolicyOptions, type PolicyOptions } from "./config";
import { type PulumiEvaluator, stackContextFromEnv, type PackFinding, type StackContext } from "./core";
import { materialize } from "../adapters/pulumi/unknowns";
import { isKubernetesType, urnName, type PulumiResource } from "../adapters/pulumi";

/** A CrossGuard policy that validates resources and the stack: the SDK runs both functions of one policy. */
export type ModelgatePolicy = Policy & {
  validateResource: (args: ResourceValidationArgs, report: ReportViolation) => void;
  validateStack: (args: StackValidationArgs, report: ReportViolation) => void;
};

/** Severity is what a rule is; enforcement is what to do about it: critical and high stop a deployment. */
export function defaultEnforcement(rule: RuleMeta, disabledRules: readonly string[]): EnforcementLevel {
  if (rule.disabledByDefault || disabledRules.includes(rule.id)) return "disabled";
  const blocking: readonly Severity[] = ["critical", "high"];
  return blocking.includes(rule.severity) ? "mandatory" : "advisory";
}

export interface PolicyFactoryOptions {
  evaluator: PulumiEvaluator;
  /** Directory relative `bundle` options resolve against (the pack directory, the process's cwd under the CLI). */
  packDir: string;
  /** Where the stack context comes from; the environment the Pulumi language host sets by default. */
  stackContext?: () => StackContext;
}

function toResource(urn: string, type: string, name: string, props: unknown, index: number): PulumiResource {
  const material = materialize(props);
  return {
    urn,
    type,
    name: name || urnName(urn),
    props: material.value,
    unknownCollections: material.unknownCollections,
    file: urn,
    document: index,
    pointerPrefix: "",
  };
}

/** The text reported: the rule's message, where it points inside the resource, and, for preview unknowns, what happens next. */
function violationText(finding: PackFinding, advisoryAtPreview: boolean): string {
  // the value may sit in another resource the workload reads (a ConfigMap or Secret): name it
  const elsewhere = finding.urn !== null && finding.file !== finding.urn && finding.file.startsWith("urn:") ? `${urnName(finding.file)} ` : "";
  const where = finding.pointer ? ` (at ${elsewhere}${finding.pointer})` : "";
  const note = advisoryAtPreview ? " [reported as advisory during preview (previewUnknowns: warn); the update checks the real value]" : "";
  return `${finding.message}${where}${note}`;
}

/**
 * A waived finding is reported as advisory, with "waived: reason (until <date>, <where>)", rather
 * than left out: as in every report of `modelgate check`, an accepted risk stays visible (in the
 * preview output and the Pulumi Cloud's policy history, where reviewers see what is waived and
 * until when), and it never blocks the deployment. An expired or invalid waiver waives nothing:
 * the finding keeps its policy's level and the `invalid-waiver` policy reports the waiver.
 */
function report(
  policy: { description: string; name: string },
  finding: PackFinding,
  options: PolicyOptions,
  context: StackContext,
  reportViolation: ReportViolation,
  urn?: string,
): void {
  const advisoryAtPreview = finding.previewUnknown && context.dryRun && options.previewUnknowns === "warn";
  if (advisoryAtPreview || finding.waived) {
    const text = violationText(finding, advisoryAtPreview) + (finding.waived ? ` [${waiverText(finding)}]` : "");
    // the object form (@pulumi/policy ≥ 1.20) carries a level per violation
    (reportViolation as unknown as (args: Record<string, unknown>) => void)({
      message: `${policy.description}\n${text}`,
      enforcementLevel: "advisory",
      ...(urn ? { urn } : {}),
    });
    return;
  }
  reportViolation(violationText(finding, false), urn);
}

/** The policies of the pack, one per rule of the evaluator's catalogue. */
export function modelgatePolicies(factory: PolicyFactoryOptions): ModelgatePolicy[] {
  const { evaluator, packDir } = factory;
  const contextOf = factory.stackContext ?? (() => stackContextFromEnv());
  const schema = packConfigSchema();
  const policyData = (evaluator.bundle.data as { modelgate?: { policy?: { disabledRules?: string[] } } }).modelgate?.policy;
  const disabledRules = policyData?.disabledRules ?? [];
  return evaluator.catalog.rules.map((rule) => {
    const policy: ModelgatePolicy = {
      name: rule.id,
      description: rule.title,
      displayName: rule.title,
      severity: rule.severity,
      remediationSteps: rule.remediation,
      url: rule.docsUrl,
      enforcementLevel: defaultEnforcement(rule, disabledRules),
      tags: [rule.category],
      configSchema: { properties: schema.properties },
      validateResource: (args, reportViolation) => {
        const options = readPolicyOptions(rule.id, args.getConfig<Record<string, unknown>>(), packDir);
        if (!evaluator.readsOnItsOwn({ type: args.type }, options)) {
          const kube = isKubernetesType(options.componentTypes[args.type] ?? args.type);
          args.notApplicable(
            kube ? "Kubernetes objects are checked with the whole stack (validateStack)" : `Modelgate reads no LLM configuration from ${args.type}`,
          );
          return;
        }
        const context = contextOf();
        const resource = toResource(args.urn, args.type, args.name, args.props, 0);
        for (const finding of evaluator.resourceFindings(resource, options, context)) {
          if (finding.ruleId === rule.id) report(policy, finding, options, context, reportViolation);
        }
      },
      validateStack: (args, reportViolation) => {
        const options = readPolicyOptions(rule.id, args.getConfig<Record<string, unknown>>(), packDir);
        const context = contextOf();
        const resources = args.resources.map((resource: PolicyResource, index: number) =>
          toResource(resource.urn, resource.type, resource.name, resource.props, index),
        );
        for (const finding of evaluator.stackFindings(resources, options, context)) {
          if (finding.ruleId === rule.id) report(policy, finding, options, context, reportViolation, finding.urn ?? undefined);
        }
      },
    };
    return policy;
  });
}
