/**
 * Layer a: every CrossGuard policy of the pack called with runtime-faithful arguments (the SDK's
 * unknown-checking proxy, getConfig, notApplicable), as the engine calls them during preview and update.
 */

import { readFileSync } from "node:fs";
import path from "node:path";
import { packConfigSchema, PackConfigError } from "../../src/pulumi/config";
import { UNKNOWN_SENTINELS } from "../../src/adapters/pulumi/unknowns";
import { NotApplicable, packEvaluator, policies, runPack, runResource, runStack, type StateResource, type Violation } from "./harness/args";

const FIXTURES = path.join(__dirname, "fixtures");
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function state(name: string): StateResource[] {
  const doc = JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as { deployment: { resources: StateResource[] } };
  return doc.deployment.resources;
}

function policy(id: string, context = {}) {
  const found = policies(context).find((p) => p.name === id);
  if (!found) throw new Error(`no policy ${id}`);
  return found;
}

const lambda = (
  env: Record<string, string>,
  tags: Record<string, string> = { "modelgate.dev/data-class": "internal", "modelgate.dev/regulated": "true" },
): StateResource => ({
  urn: "urn:pulumi:dev::demo::aws:lambda/function:Function::agent",
  type: "aws:lambda/function:Function",
  inputs: { name: "agent", runtime: "nodejs20.x", tags, environment: { variables: env } },
});

const ids = (violations: Violation[]) => [...new Set(violations.map((v) => v.policy))].sort();

describe("policy metadata", () => {
  const all = policies();
  const rules = packEvaluator().catalog.rules;

  it("has one policy per catalogue rule, named by the rule id", () => {
    expect(all.map((p) => p.name)).toEqual(rules.map((r) => r.id));
  });

  it("carries the rule's title, severity, remediation and docs URL", () => {
    for (const rule of rules) {
      const p = all.find((candidate) => candidate.name === rule.id)!;
      expect(p).toMatchObject({ description: rule.title, severity: rule.severity, remediationSteps: rule.remediation, url: rule.docsUrl });
    }
  });

  it("enforces critical and high rules, advises on medium and low, and starts rules off by default disabled", () => {
    for (const rule of rules) {
      const level = all.find((p) => p.name === rule.id)!.enforcementLevel;
      if (rule.disabledByDefault || rule.id === "flag-denied-origin-model") expect(level).toBe("disabled");
      else expect(level).toBe(rule.severity === "critical" || rule.severity === "high" ? "mandatory" : "advisory");
    }
  });

  it("declares a configSchema built from schemas/config.schema.json, without $ref, plus the pack options", () => {
    const config = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "schemas", "config.schema.json"), "utf8"));
    const keys = Object.keys(config.properties.policy.properties);
    const schema = all[0].configSchema!.properties;
    for (const key of keys) expect(schema).toHaveProperty(key);
    for (const key of ["bundle", "previewUnknowns", "ownAccountEndpointsSelfHosted", "componentTypes"]) expect(schema).toHaveProperty(key);
    expect(JSON.stringify(schema)).not.toContain("$ref");
    expect(all.every((p) => p.configSchema!.properties === all[0].configSchema!.properties)).toBe(true);
    expect(packConfigSchema().policyKeys).toEqual(keys);
  });
});

describe("validateResource", () => {
  it("reports a regulated Lambda that calls a CN-operated endpoint, naming the value and where it is", () => {
    const result = runResource(policy("disallow-denied-jurisdiction-endpoint"), lambda({ ANTHROPIC_BASE_URL: "https://api.moonshot.ai/anthropic" }));
    expect(result).toEqual([
      {
        policy: "disallow-denied-jurisdiction-endpoint",
        message: expect.stringMatching(
          /env ANTHROPIC_BASE_URL of container agent reaches api\.moonshot\.ai, operated by Moonshot AI .*\(at \/environment\/variables\/ANTHROPIC_BASE_URL\)$/,
        ),
        urn: undefined,
      },
    ]);
  });

  it("passes the same Lambda pointed at a US operator", () => {
    expect(runResource(policy("disallow-denied-jurisdiction-endpoint"), lambda({ OPENAI_BASE_URL: "https://api.openai.com/v1" }))).toEqual([]);
  });

  it("leaves Kubernetes objects to validateStack and unknown types alone, saying why", () => {
    const deployment = state("violating-stack.json").find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
    const kube = runResource(policy("require-token-cap"), deployment);
    expect(kube).toBeInstanceOf(NotApplicable);
    expect((kube as NotApplicable).reason).toMatch(/validateStack/);
    const bucket = runResource(policy("require-token-cap"), { urn: "urn:pulumi:dev::demo::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket", inputs: {} });
    expect((bucket as NotApplicable).reason).toBe("Modelgate reads no LLM configuration from aws:s3/bucket:Bucket");
  });

  it("reads CN-origin models on Bedrock as served by AWS, not by a denied operator", () => {
    const iam = state("compliant-stack.json").find((r) => r.type === "aws:iam/policy:Policy")!;
    for (const p of policies()) {
      const result = runResource(p, iam);
      expect(result instanceof NotApplicable ? [] : result).toEqual([]);
    }
  });

  it("classifies from stack config modelgate:classification when the resource has no tags", () => {
    const untagged = lambda({ ANTHROPIC_BASE_URL: "https://api.moonshot.ai/anthropic" }, {});
    // Unclassified, the resource is judged by the shipped strict default until the stack says otherwise.
    expect(runResource(policy("disallow-denied-jurisdiction-endpoint"), untagged)).toHaveLength(1);
    const unregulatedStack = policy("disallow-denied-jurisdiction-endpoint", {
      config: { "modelgate:classification": JSON.stringify({ dataClass: "internal", regulated: false }) },
    });
    expect(runResource(unregulatedStack, untagged)).toEqual([]);
    const withStack = policy("disallow-denied-jurisdiction-endpoint", {
      config: { "modelgate:classification": JSON.stringify({ dataClass: "internal", regulated: true }) },
    });
    expect(runResource(withStack, untagged)).toHaveLength(1);
    expect(runResource(policy("require-classification"), untagged)).toEqual([
      expect.objectContaining({ message: expect.stringContaining("aws:lambda:Function/agent calls 1 LLM route(s) but has no classification") }),
    ]);
  });

  it("reports an invalid stack classification instead of ignoring it", () => {
    const p = policy("require-valid-classification", { config: { "modelgate:classification": JSON.stringify({ dataClass: "secret" }) } });
    expect(runResource(p, lambda({ OPENAI_BASE_URL: "https://api.openai.com/v1" }))).toEqual([
      expect.objectContaining({
        message: expect.stringContaining("stack config modelgate:classification/dataClass must be equal to one of the allowed values"),
      }),
    ]);
  });
});

describe("unknown values during preview", () => {
  const unknownLambda = lambda({ OPENAI_BASE_URL: UNKNOWN_STRING, OPENAI_MODEL: "gpt-4.1" });

  it("the SDK proxy would throw on the sentinel; the policy never lets it, so nothing turns advisory by accident", () => {
    expect(UNKNOWN_SENTINELS.has(UNKNOWN_STRING)).toBe(true);
    const result = runResource(policy("disallow-unresolved-endpoint", { dryRun: true }), unknownLambda) as Violation[];
    expect(result).toEqual([
      {
        policy: "disallow-unresolved-endpoint",
        message: expect.stringContaining(
          "cannot be resolved before deploy: <unknown> (computed from another resource's output, so it is unknown during preview",
        ),
        urn: undefined,
      },
    ]);
    expect(result[0].enforcementLevel).toBeUndefined(); // the policy's own (mandatory) level applies
  });

  it("reports it as advisory, explicitly, with previewUnknowns: warn", () => {
    const result = runResource(policy("disallow-unresolved-endpoint", { dryRun: true }), unknownLambda, { previewUnknowns: "warn" }) as Violation[];
    expect(result).toEqual([
      expect.objectContaining({
        enforcementLevel: "advisory",
        message: expect.stringMatching(
          /^Regulated or sensitive workload has an endpoint that cannot be resolved\n.*advisory during preview \(previewUnknowns: warn\); the update checks the real value\]$/s,
        ),
      }),
    ]);
  });

  it("checks the real value at update, where warn no longer applies", () => {
    const atUpdate = policy("disallow-denied-jurisdiction-endpoint", { dryRun: false });
    expect(runResource(atUpdate, lambda({ OPENAI_BASE_URL: "https://api.deepseek.com/v1" }), { previewUnknowns: "warn" })).toEqual([
      expect.objectContaining({ message: expect.stringContaining("reaches api.deepseek.com") }),
    ]);
    const stillUnknown = runResource(policy("disallow-unresolved-endpoint", { dryRun: false }), unknownLambda, { previewUnknowns: "warn" }) as Violation[];
    expect(stillUnknown[0].enforcementLevel).toBeUndefined();
  });

  it("reports a whole environment unknown at preview on a regulated workload", () => {
    const resource: StateResource = {
      ...unknownLambda,
      inputs: { ...unknownLambda.inputs, environment: { variables: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff" } },
    };
    expect(runResource(policy("disallow-unresolved-endpoint", { dryRun: true }), resource)).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          "environment.variables of aws:lambda:Function/agent has an endpoint that cannot be resolved before deploy: unknown during preview",
        ),
      }),
    ]);
  });
});

describe("validateStack", () => {
  const resources = state("violating-stack.json");

  it("joins a Deployment with the ConfigMap it reads and the Namespace that classifies it, and names the Deployment's URN", () => {
    const result = runStack(policy("disallow-denied-jurisdiction-endpoint"), resources);
    expect(result).toEqual([
      {
        policy: "disallow-denied-jurisdiction-endpoint",
        message: expect.stringContaining("(from ConfigMap payments/chat-llm-config key OPENAI_BASE_URL) reaches dashscope-intl.aliyuncs.com"),
        urn: "urn:pulumi:violating::modelgate-demo::kubernetes:apps/v1:Deployment::chat-api",
      },
    ]);
  });

  it("checks the stack's total worst-case spend against stack config modelgate:budget", () => {
    const capped = lambda({ OPENAI_BASE_URL: "https://api.openai.com/v1", OPENAI_MODEL: "gpt-4.1" });
    const azure = state("compliant-stack.json").filter((r) => r.type === "azure-native:cognitiveservices:Deployment");
    const p = policy("disallow-budget-overrun", { stack: "prod", config: { "modelgate:budget": JSON.stringify({ usdMonthly: 5 }) } });
    const result = runStack(p, [capped, ...azure]);
    expect(result).toEqual([
      expect.objectContaining({
        urn: undefined,
        message: expect.stringMatching(
          /^stack prod \(modelgate:budget\): caps allow at least \$[\d,.]+ per 30 days on the capped routes alone, over the workload budget of \$5\.00/,
        ),
      }),
    ]);
  });
});

describe("pack options", () => {
  it("rejects invalid options with the policy name and the JSON pointer", () => {
    const p = policy("require-token-cap");
    expect(() => runResource(p, lambda({}), { internalDomains: ["Not A Domain"] })).toThrow(PackConfigError);
    expect(() => runResource(p, lambda({}), { internalDomains: ["Not A Domain"] })).toThrow(
      /invalid configuration for policy require-token-cap: \/internalDomains\/0 must match pattern/,
    );
    expect(() => runResource(p, lambda({}), { previewUnknowns: "maybe" })).toThrow(
      /\/previewUnknowns must be equal to one of the allowed values: "fail", "warn"/,
    );
    expect(() => runResource(p, lambda({}), { bundle: "no/such/bundle" })).toThrow(/\/bundle no\/such\/bundle does not exist/);
    expect(() => runResource(p, lambda({}), { surprise: true })).toThrow(/unknown property "surprise"/);
  });

  it("applies denied jurisdictions, internal domains and a default classification", () => {
    const us = lambda({ OPENAI_BASE_URL: "https://api.openai.com/v1" });
    const endpoint = policy("disallow-denied-jurisdiction-endpoint");
    expect(runResource(endpoint, us)).toEqual([]);
    expect(runResource(endpoint, us, { deniedJurisdictions: { regulated: ["CN", "US"], dataClasses: {}, regimes: {} } })).toHaveLength(1);
    const own = lambda({ OPENAI_BASE_URL: "https://llm.corp.example/v1" }, { "modelgate.dev/data-class": "confidential", "modelgate.dev/regulated": "true" });
    expect(runResource(policy("disallow-unknown-operator"), own)).toHaveLength(1);
    expect(runResource(policy("disallow-unknown-operator"), own, { internalDomains: ["corp.example"] })).toEqual([]);
    const untagged = lambda({ OPENAI_BASE_URL: "https://api.deepseek.com/v1" }, {});
    const lenient = { defaultClassification: { dataClass: "internal", regulated: false } };
    expect(runResource(endpoint, untagged)).toHaveLength(1);
    expect(runResource(endpoint, untagged, lenient)).toEqual([]);
    expect(runResource(policy("require-classification"), untagged, lenient)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('judged as policy.defaultClassification {"regulated":false,"dataClass":"internal"}') }),
    ]);
  });

  it("reads a component by the built-in type it is mapped to", () => {
    const component: StateResource = {
      ...lambda({ ANTHROPIC_BASE_URL: "https://api.moonshot.ai/anthropic" }),
      urn: "urn:pulumi:dev::demo::acme:ai:Agent::agent",
      type: "acme:ai:Agent",
    };
    expect(runResource(policy("disallow-denied-jurisdiction-endpoint"), component)).toBeInstanceOf(NotApplicable);
    expect(
      runResource(policy("disallow-denied-jurisdiction-endpoint"), component, { componentTypes: { "acme:ai:Agent": "aws:lambda/function:Function" } }),
    ).toHaveLength(1);
  });

  it("counts an own-account SageMaker model as self-hosted unless told otherwise", () => {
    const model = state("compliant-stack.json").find((r) => r.type === "aws:sagemaker/model:Model")!;
    expect(runResource(policy("require-self-hosted-for-sensitive"), model)).toEqual([]);
    expect(runResource(policy("require-self-hosted-for-sensitive"), model, { ownAccountEndpointsSelfHosted: false })).toEqual([
      expect.objectContaining({ message: expect.stringContaining("SageMaker model reasoner (hosted by AWS) sends confidential data") }),
    ]);
  });
});

describe("every policy over the shared fixtures", () => {
  it("fails the violating stack with the expected rules and passes the compliant one", () => {
    // the violating stack's budgeted model is priced by the imported catalogue: its caps overrun the budget
    expect(ids(runPack(policies(), state("violating-stack.json")))).toEqual([
      "disallow-budget-overrun",
      "disallow-denied-jurisdiction-endpoint",
      "disallow-denied-jurisdiction-provider-key",
      "disallow-runtime-hub-weights",
      "disallow-unresolved-endpoint",
      "flag-unattributed-llm-reference",
      "require-pinned-weights",
      "require-self-hosted-for-sensitive",
      "require-token-cap",
    ]);
    expect(runPack(policies(), state("compliant-stack.json"))).toEqual([]);
  });
});

describe("resource types", () => {
  const regulated = { "modelgate.dev/data-class": "confidential", "modelgate.dev/regulated": "true" };

  it("Vertex AI Model Garden: Hugging Face weights pulled at run time; a hosted API of Google when not counted as self-hosted", () => {
    const vertex: StateResource = {
      urn: "urn:pulumi:dev::demo::gcp:vertex/aiEndpointWithModelGardenDeployment:AiEndpointWithModelGardenDeployment::qwen",
      type: "gcp:vertex/aiEndpointWithModelGardenDeployment:AiEndpointWithModelGardenDeployment",
      inputs: {
        location: "europe-west4",
        huggingFaceModelId: "Qwen/Qwen3-8B",
        labels: { "modelgate_data-class": "confidential", modelgate_regulated: "true" },
      },
    };
    expect(runResource(policy("disallow-runtime-hub-weights"), vertex)).toEqual([
      expect.objectContaining({ message: expect.stringContaining("downloads Qwen/Qwen3-8B from huggingface at run time") }),
    ]);
    expect(runResource(policy("require-self-hosted-for-sensitive"), vertex, { ownAccountEndpointsSelfHosted: false })).toEqual([
      expect.objectContaining({ message: expect.stringContaining("sends confidential data to the hosted API of Google Cloud Vertex AI") }),
    ]);
  });

  it("Cloud Run and ECS secrets are run-time references: unresolved for regulated workloads", () => {
    const run: StateResource = {
      urn: "urn:pulumi:dev::demo::gcp:cloudrunv2/service:Service::svc",
      type: "gcp:cloudrunv2/service:Service",
      inputs: {
        labels: { "modelgate_data-class": "internal", modelgate_regulated: "true" },
        template: {
          containers: [
            { name: "app", image: "app:1", envs: [{ name: "OPENAI_BASE_URL", valueSource: { secretKeyRef: { secret: "llm-url", version: "latest" } } }] },
          ],
        },
      },
    };
    expect(runResource(policy("disallow-unresolved-endpoint"), run)).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          "secret llm-url:latest (read from Secret Manager secret llm-url:latest when the container starts) (at /template/containers/0/envs/0)",
        ),
      }),
    ]);
    const ecs: StateResource = {
      urn: "urn:pulumi:dev::demo::aws:ecs/taskDefinition:TaskDefinition::task",
      type: "aws:ecs/taskDefinition:TaskDefinition",
      inputs: {
        tags: regulated,
        containerDefinitions: JSON.stringify([
          { name: "app", image: "app:1", secrets: [{ name: "OPENAI_BASE_URL", valueFrom: "arn:aws:secretsmanager:eu-west-1:1:secret:llm" }] },
        ]),
      },
    };
    expect(runResource(policy("disallow-unresolved-endpoint"), ecs)).toEqual([
      expect.objectContaining({ message: expect.stringContaining("read from AWS Secrets Manager when the task starts") }),
    ]);
  });

  it("container definitions unknown as a whole at preview are reported for a regulated task, not for others", () => {
    const task = (tags: Record<string, string>): StateResource => ({
      urn: "urn:pulumi:dev::demo::aws:ecs/taskDefinition:TaskDefinition::task",
      type: "aws:ecs/taskDefinition:TaskDefinition",
      inputs: { tags, containerDefinitions: UNKNOWN_STRING },
    });
    expect(runResource(policy("disallow-unresolved-endpoint", { dryRun: true }), task(regulated))).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          "containerDefinitions of aws:ecs:TaskDefinition/task has an endpoint that cannot be resolved before deploy: unknown during preview",
        ),
      }),
    ]);
    expect(
      runResource(policy("disallow-unresolved-endpoint", { dryRun: true }), task({ "modelgate.dev/data-class": "public", "modelgate.dev/regulated": "false" })),
    ).toEqual([]);
  });

  it("invalid JSON in a resource is an invalid-input finding, not a pass", () => {
    const ecs: StateResource = {
      urn: "urn:pulumi:dev::demo::aws:ecs/taskDefinition:TaskDefinition::task",
      type: "aws:ecs/taskDefinition:TaskDefinition",
      inputs: { containerDefinitions: "[{" },
    };
    expect(runResource(policy("invalid-input"), ecs)).toEqual([
      expect.objectContaining({ message: expect.stringContaining("containerDefinitions is not valid JSON") }),
    ]);
  });
});
