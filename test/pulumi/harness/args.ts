/**
 * Runtime-faithful arguments for CrossGuard policies, built the way @pulumi/policy 1.21's server
 * builds them (server.ts makeAnalyzeRpcFun / makeAnalyzeStackRpcFun): props wrapped in the SDK's
 * own unknown-checking proxy, frozen stack tags, resource options, `getConfig` returning the
 * policy's options and `notApplicable` throwing. A policy that passes here behaves the same
 * under the engine, including on unknown values during preview.
 */

import type { PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import path from "node:path";
import { readBundle } from "../../../src/bundle/read";
import { PulumiEvaluator, type StackContext } from "../../../src/pulumi/core";
import { modelgatePolicies, type ModelgatePolicy } from "../../../src/pulumi/policies";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(value: T): T; UnknownValueError: new (...args: unknown[]) => Error };

export const UnknownValueError = proxy.UnknownValueError;

export class NotApplicable extends Error {
  constructor(readonly reason: string | undefined) {
    super(reason ?? "not applicable");
  }
}

export interface Violation {
  policy: string;
  message: string;
  urn: string | undefined;
  /** Set when the policy reported with the object form (a per-violation enforcement level). */
  enforcementLevel?: string;
}

export interface StateResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

const options = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};
const emptyTags = Object.freeze(new Map<string, string>());

function name(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** `isType` as the SDK implements it for generated resource classes: by their static `__pulumiType`. */
function isType(type: string): ResourceValidationArgs["isType"] {
  return ((resourceClass: { __pulumiType?: string }) => resourceClass.__pulumiType === type) as unknown as ResourceValidationArgs["isType"];
}

let evaluator: PulumiEvaluator | null = null;

export function packEvaluator(): PulumiEvaluator {
  evaluator ??= new PulumiEvaluator(readBundle(path.join(__dirname, "..", "..", "..", "build", "bundle")));
  return evaluator;
}

export const PACK_DIR = path.join(__dirname, "..", "..", "..", "packs", "modelgate");

export function policies(context: Partial<StackContext> = {}): ModelgatePolicy[] {
  const full: StackContext = { stack: "test", project: "modelgate-demo", dryRun: false, config: {}, ...context };
  return modelgatePolicies({ evaluator: packEvaluator(), packDir: PACK_DIR, stackContext: () => full });
}

function collector(policy: ModelgatePolicy, out: Violation[]): ReportViolation {
  return (message: string | Record<string, unknown>, urn?: string) => {
    if (typeof message === "object") {
      out.push({
        policy: policy.name,
        message: String(message.message),
        urn: message.urn as string | undefined,
        enforcementLevel: message.enforcementLevel as string,
      });
    } else out.push({ policy: policy.name, message, urn });
  };
}

/** Runs a policy's validateResource as Analyze does; returns its violations, or the notApplicable reason. */
export function runResource(policy: ModelgatePolicy, resource: StateResource, config: Record<string, unknown> = {}): Violation[] | NotApplicable {
  const props = proxy.unknownCheckingProxy(JSON.parse(JSON.stringify(resource.inputs ?? {})) as Record<string, unknown>);
  const args: ResourceValidationArgs = {
    type: resource.type,
    props,
    urn: resource.urn,
    name: name(resource.urn),
    opts: options,
    stackTags: emptyTags,
    isType: isType(resource.type),
    asType: ((cls: { __pulumiType?: string }) => (cls.__pulumiType === resource.type ? props : undefined)) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
  const out: Violation[] = [];
  try {
    policy.validateResource(args, collector(policy, out));
  } catch (error) {
    if (error instanceof NotApplicable) return error;
    throw error;
  }
  return out;
}

/** Runs a policy's validateStack as AnalyzeStack does, on the resources' outputs. */
export function runStack(policy: ModelgatePolicy, resources: StateResource[], config: Record<string, unknown> = {}): Violation[] {
  const policyResources: PolicyResource[] = resources.map((resource) => {
    const props = proxy.unknownCheckingProxy(JSON.parse(JSON.stringify(resource.outputs ?? resource.inputs ?? {})) as Record<string, unknown>);
    return {
      type: resource.type,
      props,
      urn: resource.urn,
      name: name(resource.urn),
      opts: options,
      dependencies: [],
      propertyDependencies: {},
      isType: isType(resource.type),
      asType: ((cls: { __pulumiType?: string }) => (cls.__pulumiType === resource.type ? props : undefined)) as PolicyResource["asType"],
    };
  });
  const args: StackValidationArgs = {
    resources: policyResources,
    getConfig: <T extends object>() => config as T,
    stackTags: emptyTags,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
  const out: Violation[] = [];
  policy.validateStack(args, collector(policy, out));
  return out;
}

/** Every policy over every resource (Analyze) and the stack (AnalyzeStack), as `policy analyze --file` runs them. */
export function runPack(all: ModelgatePolicy[], resources: StateResource[], config: (policy: string) => Record<string, unknown> = () => ({})): Violation[] {
  const out: Violation[] = [];
  for (const policy of all) {
    if (policy.enforcementLevel === "disabled") continue;
    for (const resource of resources) {
      if (resource.type.startsWith("pulumi:")) continue;
      const result = runResource(policy, resource, config(policy.name));
      if (!(result instanceof NotApplicable)) out.push(...result.map((v) => ({ ...v, urn: v.urn ?? resource.urn })));
    }
    out.push(
      ...runStack(
        policy,
        resources.filter((r) => !r.type.startsWith("pulumi:")),
        config(policy.name),
      ),
    );
  }
  return out;
}
