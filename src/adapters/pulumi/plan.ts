/**
 * Pulumi plan files for `modelgate check`: the JSON of `pulumi preview --json` (steps with each
 * resource's new state) and of `pulumi stack export` (a deployment's resources), recognised by
 * shape. They run through the same Pulumi adapters as the policy pack, so CI without Pulumi
 * credentials can check a plan and get the same rule ids.
 */

import type { Classification, Problem } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { describeSchemaErrors, validator } from "../../schemas";
import { stackConfigValue } from "./stack-config";
import { materialize } from "./unknowns";
import { isRecord } from "../core/objects";
import { sourceAt, type Adapter, type AdapterContext, type AdapterOutput, type Claimed } from "../core/types";
import { sweepStack } from "./sweep";
import { adaptStack, DEFAULT_PULUMI_OPTIONS, isKubernetesType, isRecognised, urnName, type PulumiResource } from "./index";

export interface PlanResource {
  urn: string;
  type: string;
  inputs: unknown;
  outputs: unknown;
  pointer: string;
}

function nonEmpty(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && Object.keys(value).length > 0;
}

/** The resources of a plan file, or null when the document is not one. */
export function planResources(value: unknown): PlanResource[] | null {
  if (!isRecord(value)) return null;
  if (typeof value.version === "number" && isRecord(value.deployment) && Array.isArray(value.deployment.resources)) {
    const out: PlanResource[] = [];
    value.deployment.resources.forEach((entry, index) => {
      if (!isRecord(entry) || typeof entry.urn !== "string" || typeof entry.type !== "string" || entry.delete === true) return;
      out.push({ urn: entry.urn, type: entry.type, inputs: entry.inputs, outputs: entry.outputs, pointer: `/deployment/resources/${index}` });
    });
    return out;
  }
  if (
    Array.isArray(value.steps) &&
    value.steps.length > 0 &&
    value.steps.every((step) => isRecord(step) && typeof step.urn === "string" && typeof step.op === "string")
  ) {
    const out: PlanResource[] = [];
    value.steps.forEach((step, index) => {
      const state = (step as Record<string, unknown>).newState;
      if (!isRecord(state) || typeof state.type !== "string" || typeof state.urn !== "string") return; // deletes have no new state
      out.push({ urn: state.urn, type: state.type, inputs: state.inputs, outputs: state.outputs, pointer: `/steps/${index}/newState` });
    });
    return out;
  }
  return null;
}

/** The stack's `modelgate:classification` from the config a `pulumi preview --json` records. */
function stackClassification(doc: ParsedDocument, config: unknown, problems: Problem[]): Classification | null {
  if (!isRecord(config)) return null;
  const raw = config["modelgate:classification"];
  if (raw === undefined) return null;
  const read = stackConfigValue(raw);
  if ("unparsable" in read) {
    problems.push({ message: "config modelgate:classification is not a JSON object", source: sourceAt(doc, "/config/modelgate:classification") });
    return null;
  }
  const value = read.value;
  const validate = validator("workload-classification", "/$defs/classification");
  if (!validate(value)) {
    for (const error of describeSchemaErrors(validate.errors)) {
      problems.push({ message: `config modelgate:classification${error.pointer} ${error.message}`, source: sourceAt(doc, "/config/modelgate:classification") });
    }
    return null;
  }
  return value as Classification;
}

/**
 * The properties a plan resource is read from and their pointer in the plan: Kubernetes objects as
 * the cluster will hold them (outputs), cloud resources as declared (inputs), else the other one.
 */
export function planResourceProps(entry: PlanResource): { props: unknown; pointer: string } {
  const kube = isKubernetesType(entry.type);
  const [first, second, firstName, secondName] = kube ? [entry.outputs, entry.inputs, "outputs", "inputs"] : [entry.inputs, entry.outputs, "inputs", "outputs"];
  const useFirst = nonEmpty(first) || !nonEmpty(second);
  return { props: useFirst ? first : second, pointer: `${entry.pointer}/${useFirst ? firstName : secondName}` };
}

/** The resources of a plan file and the config it records. */
interface Plan {
  resources: PlanResource[];
  config: unknown;
}

export const pulumiPlanAdapter: Adapter<Plan> = {
  name: "pulumi-plan",
  claim(doc: ParsedDocument): Claimed<Plan> | null {
    const resources = planResources(doc.value);
    return resources === null || !isRecord(doc.value) ? null : { doc, value: { resources, config: doc.value.config } };
  },
  adapt({ doc, value: plan }: Claimed<Plan>, ctx: AdapterContext): AdapterOutput {
    const problems: Problem[] = [];
    const options = { ...DEFAULT_PULUMI_OPTIONS, stackClassification: stackClassification(doc, plan.config, problems) };
    const resources: PulumiResource[] = [];
    for (const entry of plan.resources) {
      const read = planResourceProps(entry);
      const material = materialize(read.props);
      resources.push({
        urn: entry.urn,
        type: entry.type,
        name: urnName(entry.urn),
        props: material.value,
        unknownCollections: material.unknownCollections,
        file: doc.file,
        document: doc.index,
        pointerPrefix: read.pointer,
      });
    }
    // the Kubernetes objects of the plan go through the scan's own registry, less plans themselves
    const adapters = ctx.adapters.filter((adapter) => adapter !== pulumiPlanAdapter);
    const out = adaptStack(
      resources.filter((resource) => isRecognised(resource.type, options)),
      ctx.settings,
      options,
      adapters,
    );
    out.problems.unshift(...problems);
    // resource by resource, as the pack sweeps: the scan's sweep of the whole plan would also read old states and the config
    out.documents.push(...sweepStack(resources, out, ctx.settings, options, adapters));
    out.swept = true;
    return out;
  },
};
