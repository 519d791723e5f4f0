/**
 * AWS resources: Lambda environments, ECS container definitions, SageMaker models and the Bedrock
 * models an IAM policy lets a role invoke. Bedrock and SageMaker run in AWS: AWS is the operator,
 * whoever trained the weights (deepseek.*, qwen.*, moonshot*.* on Bedrock are served by AWS).
 */

import type { ModelServer, ModelServerKind, Problem, Route } from "../../model/canonical";
import { classifyWeights, type WeightHints } from "../kubernetes/weights";
import { endpointFields, newRoute } from "../core/route";
import type { AdapterOutput, AdapterSettings } from "../core/types";
import { isUnknownText, UNKNOWN_TEXT } from "./unknowns";
import { resourceSource, type PulumiAdapterOptions, type PulumiResource } from "./resource";
import { adaptWorkload, envFromMap, labelsFrom, words, type ContainerSpec, type EnvEntry } from "./workload";

/** The catalogue operator of the Bedrock runtime a model ARN names. */
const BEDROCK = "aws-bedrock";

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function unknownWhole(resource: PulumiResource, ...pointers: string[]): string[] {
  return resource.unknownCollections.filter((pointer) => pointers.includes(pointer));
}

/** `aws:lambda/function:Function`: its environment variables and image. */
export function adaptLambda(resource: PulumiResource, settings: AdapterSettings, options: PulumiAdapterOptions): AdapterOutput {
  const props = resource.props;
  const environment = record(props.environment);
  const container: ContainerSpec = {
    name: text(props.name) ?? resource.name,
    pointer: "",
    image: text(props.imageUri),
    imagePointer: "/imageUri",
    env: envFromMap(environment.variables, "/environment/variables"),
  };
  return adaptWorkload(
    {
      kind: "LambdaFunction",
      resource,
      containers: [container],
      labels: labelsFrom(resource, "/tags", props.tags),
      labelsPointer: "/tags",
      unknownInputs: unknownWhole(resource, "/environment", "/environment/variables"),
    },
    settings,
    options,
  );
}

/** `aws:ecs/taskDefinition:TaskDefinition`: `containerDefinitions` is a JSON string of containers. */
export function adaptEcsTaskDefinition(resource: PulumiResource, settings: AdapterSettings, options: PulumiAdapterOptions): AdapterOutput {
  const props = resource.props;
  const raw = props.containerDefinitions;
  const problems: Problem[] = [];
  const unknownInputs: string[] = [];
  let definitions: unknown[] = [];
  if (typeof raw === "string") {
    if (isUnknownText(raw)) unknownInputs.push("/containerDefinitions");
    else {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (Array.isArray(parsed)) definitions = parsed;
        else
          problems.push({
            message: "containerDefinitions is not a JSON array of container definitions",
            source: resourceSource(resource, "/containerDefinitions"),
          });
      } catch (error) {
        problems.push({
          message: `containerDefinitions is not valid JSON: ${(error as Error).message}`,
          source: resourceSource(resource, "/containerDefinitions"),
        });
      }
    }
  } else if (Array.isArray(raw)) definitions = raw;
  unknownInputs.push(...unknownWhole(resource, "/containerDefinitions"));
  const containers: ContainerSpec[] = definitions.map((definition, index) => {
    const def = record(definition);
    const pointer = `/containerDefinitions/${index}`;
    const env: EnvEntry[] = [];
    (Array.isArray(def.environment) ? def.environment : []).forEach((entry, envIndex) => {
      const item = record(entry);
      if (typeof item.name === "string") env.push({ name: item.name, value: text(item.value) ?? "", pointer: `${pointer}/environment/${envIndex}` });
    });
    (Array.isArray(def.secrets) ? def.secrets : []).forEach((entry, secretIndex) => {
      const item = record(entry);
      if (typeof item.name !== "string") return;
      const from = text(item.valueFrom) ?? "?";
      env.push({
        name: item.name,
        value: null,
        reference: {
          raw: `secret ${from}`,
          reason: `read from ${from.includes(":ssm:") ? "SSM Parameter Store" : "AWS Secrets Manager"} when the task starts`,
        },
        pointer: `${pointer}/secrets/${secretIndex}`,
      });
    });
    const entryPoint = words(def.entryPoint);
    const command = words(def.command);
    return {
      name: text(def.name) ?? `container-${index}`,
      pointer,
      image: text(def.image),
      imagePointer: `${pointer}/image`,
      env,
      ...(entryPoint ? { command: { words: entryPoint, pointer: `${pointer}/entryPoint` } } : {}),
      ...(command ? { args: { words: command, pointer: `${pointer}/command` } } : {}),
    };
  });
  return adaptWorkload(
    { kind: "EcsTaskDefinition", resource, containers, labels: labelsFrom(resource, "/tags", props.tags), labelsPointer: "/tags", unknownInputs, problems },
    settings,
    options,
  );
}

function sagemakerKind(image: string): ModelServerKind {
  const lower = image.toLowerCase();
  if (lower.includes("tgi") || lower.includes("text-generation-inference")) return "tgi";
  if (lower.includes("sglang")) return "sglang";
  if (lower.includes("nvcr.io/nim") || lower.includes("/nim/")) return "nim";
  // DJL LMI and the SageMaker vLLM containers serve with vLLM; so does most of JumpStart
  return "vllm";
}

/**
 * `aws:sagemaker/model:Model`: the containers that serve a model in the organisation's account,
 * reported both ways, marked `ownAccount`: as a server whose weights are checked (`HF_MODEL_ID`
 * pulls from the Hugging Face Hub when the endpoint starts, `modelDataUrl` loads from the
 * organisation's S3) and as a hosted API of AWS. The organisation policy decides
 * which of the two counts.
 */
export function adaptSageMakerModel(resource: PulumiResource, settings: AdapterSettings, options: PulumiAdapterOptions): AdapterOutput {
  const props = resource.props;
  const list: Array<[Record<string, unknown>, string]> = [];
  if (Object.keys(record(props.primaryContainer)).length > 0) list.push([record(props.primaryContainer), "/primaryContainer"]);
  (Array.isArray(props.containers) ? props.containers : []).forEach((container, index) => list.push([record(container), `/containers/${index}`]));
  const servers: ModelServer[] = [];
  const routes: Route[] = [];
  list.forEach(([container, pointer], index) => {
    const environment = record(container.environment);
    const image = text(container.image) ?? "";
    const s3 = text(container.modelDataUrl) ?? text(record(record(container.modelDataSource).s3DataSource).s3Uri);
    const hubModel = text(environment.HF_MODEL_ID) ?? text(environment.MODEL_ID);
    const ref = s3 ?? hubModel;
    const refPointer =
      s3 !== null
        ? text(container.modelDataUrl) !== null
          ? `${pointer}/modelDataUrl`
          : `${pointer}/modelDataSource/s3DataSource/s3Uri`
        : `${pointer}/environment/${hubModel === text(environment.HF_MODEL_ID) ? "HF_MODEL_ID" : "MODEL_ID"}`;
    const id = `container/${text(container.containerHostname) ?? (index === 0 ? resource.name : `${resource.name}-${index}`)}`;
    const hints: WeightHints = {
      revision: text(environment.HF_MODEL_REVISION) ?? text(environment.REVISION),
      offline: ["1", "true"].includes((text(environment.HF_HUB_OFFLINE) ?? "").toLowerCase()),
      hub: "huggingface",
    };
    const at = resourceSource(resource, ref !== null ? refPointer : pointer);
    const weights =
      ref === null || isUnknownText(ref)
        ? {
            ref: ref === null ? null : ref.replace(UNKNOWN_TEXT, "<unknown>"),
            origin: "unknown" as const,
            hub: null,
            revision: hints.revision,
            pin: "unverifiable" as const,
            pinReason: "unresolved" as const,
            offline: hints.offline,
            source: at,
          }
        : s3 === null && ref.startsWith("/") && /@sha256:[0-9a-f]{64}$/i.test(image)
          ? // weights baked into the serving image (bring your own container), loaded from a path in it: the digest pins them
            {
              ref: image,
              origin: "organization" as const,
              hub: null,
              revision: image.slice(image.indexOf("@") + 1),
              pin: "pinned" as const,
              pinReason: "digest" as const,
              offline: hints.offline,
              source: resourceSource(resource, `${pointer}/image`),
            }
          : classifyWeights(ref, hints, at, settings);
    // reported both ways, as a server and as a hosted route: the organisation policy decides which counts
    servers.push({
      id,
      kind: sagemakerKind(image),
      source: resourceSource(resource, pointer),
      model: hubModel ?? ref,
      weights,
      hostedModels: [],
      ownAccount: true,
    });
    // the runtime host of the model's region (taken from its ECR image); the catalogue decides who operates it
    const region = /\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/.exec(image)?.[1] ?? "unknown-region";
    const route = newRoute({
      id,
      via: `SageMaker model ${text(props.name) ?? resource.name} (hosted by AWS)`,
      source: resourceSource(resource, pointer),
      endpoint: endpointFields(`https://runtime.sagemaker.${region}.amazonaws.com`, settings),
      model: hubModel !== null ? { id: hubModel, raw: hubModel, resolved: !isUnknownText(hubModel) } : { id: null, raw: ref, resolved: false },
    });
    route.ownAccount = true;
    routes.push(route);
  });
  return adaptWorkload(
    { kind: "SageMakerModel", resource, containers: [], labels: labelsFrom(resource, "/tags", props.tags), labelsPointer: "/tags", routes, servers },
    settings,
    options,
  );
}

const BEDROCK_ACTIONS = /^(bedrock:(\*|Invoke\*|InvokeModel\w*|Converse\w*|CallWithBearerToken)|\*)$/i;
const BEDROCK_ARN =
  /^arn:aws[\w-]*:bedrock:([^:]*):([^:]*):(foundation-model|inference-profile|application-inference-profile|provisioned-model|custom-model|imported-model|default-prompt-router|prompt-router)\/(.*)$/;
/** Cross-region inference profile prefixes: `us.anthropic.claude-…` → `anthropic.claude-…`. */
const GEO_PREFIX = /^(us|eu|apac|jp|au|ca|us-gov|global)\./;

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** The Bedrock model a resource ARN names: foundation models and system inference profiles by id, the rest unknown. */
function bedrockModel(arn: string): { id: string | null; resolved: boolean } | null {
  if (arn === "*") return { id: null, resolved: false };
  const match = BEDROCK_ARN.exec(arn);
  if (!match) return null;
  const [, , , kind, rest] = match as unknown as [string, string, string, string, string];
  if (rest === "*" || rest.includes("*") || rest.includes("?")) return { id: null, resolved: false };
  if (kind === "foundation-model") return { id: rest, resolved: true };
  if (kind === "inference-profile") return { id: rest.replace(GEO_PREFIX, ""), resolved: true };
  return { id: null, resolved: false };
}

/**
 * `aws:iam/policy:Policy` (and role, user and group inline policies): every Bedrock model a
 * statement allows to invoke is an egress route to AWS Bedrock. The policy grants access; it does
 * not spend tokens, so the budget rules leave it to the workloads that call.
 */
export function adaptIamPolicy(resource: PulumiResource, settings: AdapterSettings, options: PulumiAdapterOptions): AdapterOutput {
  const props = resource.props;
  const problems: Problem[] = [];
  const unknownInputs = unknownWhole(resource, "/policy");
  let document: unknown = props.policy;
  if (typeof document === "string") {
    if (isUnknownText(document)) {
      unknownInputs.push("/policy");
      document = {};
    } else {
      try {
        document = JSON.parse(document);
      } catch (error) {
        problems.push({ message: `policy is not valid JSON: ${(error as Error).message}`, source: resourceSource(resource, "/policy") });
        document = {};
      }
    }
  }
  const routes: Route[] = [];
  asList(record(document).Statement).forEach((entry, index) => {
    const statement = record(entry);
    if (statement.Effect !== "Allow") return;
    const actions = asList(statement.Action).filter((action): action is string => typeof action === "string");
    const action = actions.find((candidate) => BEDROCK_ACTIONS.test(candidate));
    if (action === undefined) return;
    const label = typeof statement.Sid === "string" ? statement.Sid : String(index);
    asList(statement.Resource).forEach((target, resourceIndex) => {
      if (typeof target !== "string") return;
      const model = bedrockModel(target);
      if (model === null) return;
      const route = newRoute({
        id: `statement/${label}/${resourceIndex}`,
        via: `IAM statement ${label} allowing ${action} on ${target}`,
        source: resourceSource(resource, `/policy`),
        provider: { sdkPrefix: settings.catalog.primaryPrefix(BEDROCK) },
        model: { id: model.id, raw: target, resolved: model.resolved },
      });
      route.egress = true;
      routes.push(route);
    });
  });
  return adaptWorkload(
    { kind: "IamPolicy", resource, containers: [], labels: labelsFrom(resource, "/tags", props.tags), labelsPointer: "/tags", routes, unknownInputs, problems },
    settings,
    options,
  );
}
