/**
 * Starts the policy pack exactly as the Pulumi Node.js language host does (RunPlugin for an
 * analyzer: `node <@pulumi/pulumi/cmd/run-policy-pack> <engine address> <pack dir>` with the pack
 * directory as cwd and the stack context in PULUMI_NODEJS_* / PULUMI_CONFIG), reads the port it
 * prints, and drives it over the real analyzer gRPC protocol with the protos @pulumi/pulumi ships.
 * Configuration is applied the way the engine applies it (schema defaults, `all`, per-policy levels).
 */

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";

/* eslint-disable @typescript-eslint/no-require-imports */
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

export const ROOT = path.join(__dirname, "..", "..", "..");
export const PACK_DIR = path.join(ROOT, "packs", "modelgate");
const RUN_POLICY_PACK = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [PACK_DIR] });

/** Builds packs/modelgate/dist when it is missing or older than its sources. */
export function ensurePackBuilt(): void {
  const build = path.join(PACK_DIR, "build.mjs");
  if (spawnSync(process.execPath, [build, "--check"], { cwd: ROOT }).status === 0) return;
  const result = spawnSync(process.execPath, [build], { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`building the policy pack failed:\n${result.stdout}${result.stderr}`);
}

export const LEVELS: Record<string, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };
export const LEVEL_NAMES = Object.fromEntries(Object.entries(LEVELS).map(([name, value]) => [value, name]));

export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  message: string;
  urn: string;
  enforcementLevel: string;
  severity: number;
}

export interface StackResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  parent?: string;
}

export interface PackEnv {
  stack?: string;
  project?: string;
  dryRun?: boolean;
  config?: Record<string, string>;
}

function options(): unknown {
  const opts = new analyzerPb.AnalyzerResourceOptions();
  opts.setProtect(false);
  return opts;
}

function urnName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

export class PackProcess {
  private child: ChildProcessWithoutNullStreams | null = null;
  private client: grpc.Client | null = null;
  stderr = "";
  startupMs = 0;

  /** Spawns the pack and resolves once it has printed its port. */
  async start(env: PackEnv = {}): Promise<void> {
    const started = Date.now();
    const child = spawn(process.execPath, [RUN_POLICY_PACK, "127.0.0.1:1", PACK_DIR], {
      cwd: PACK_DIR,
      env: {
        ...process.env,
        PULUMI_NODEJS_STACK: env.stack ?? "dev",
        PULUMI_NODEJS_PROJECT: env.project ?? "modelgate-demo",
        PULUMI_NODEJS_ORGANIZATION: "organization",
        PULUMI_NODEJS_DRY_RUN: String(env.dryRun ?? true),
        PULUMI_CONFIG: JSON.stringify(env.config ?? {}),
      },
    });
    this.child = child;
    child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`the pack printed no port within 60 s; stderr:\n${this.stderr}`)), 60_000);
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const line = /^(\d+)\n/.exec(out);
        if (line) {
          clearTimeout(timer);
          resolve(Number(line[1]));
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the pack exited with code ${code} before printing its port; stderr:\n${this.stderr}`));
      });
    });
    this.startupMs = Date.now() - started;
    this.client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as grpc.Client;
  }

  async stop(): Promise<void> {
    this.client?.close();
    if (this.child?.exitCode === null) {
      const exited = new Promise((resolve) => this.child!.once("exit", resolve));
      this.child.kill("SIGTERM");
      await exited;
    }
  }

  call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      (this.client as unknown as Record<string, (req: unknown, cb: (err: grpc.ServiceError | null, res: T) => void) => void>)[method](
        request,
        (error, response) => (error ? reject(error) : resolve(response)),
      );
    });
  }

  handshake(): Promise<unknown> {
    const request = new analyzerPb.AnalyzerHandshakeRequest();
    request.setEngineAddress("127.0.0.1:1");
    request.setRootDirectory(PACK_DIR);
    request.setProgramDirectory(PACK_DIR);
    return this.call("handshake", request);
  }

  async pluginVersion(): Promise<string> {
    return (await this.call<{ getVersion(): string }>("getPluginInfo", new Empty())).getVersion();
  }

  configureStack(env: PackEnv, tags: Record<string, string> = {}): Promise<unknown> {
    const request = new analyzerPb.AnalyzerStackConfigureRequest();
    request.setStack(env.stack ?? "dev");
    request.setProject(env.project ?? "modelgate-demo");
    request.setOrganization("organization");
    request.setDryRun(env.dryRun ?? true);
    for (const [key, value] of Object.entries(tags)) request.getTagsMap().set(key, value);
    for (const [key, value] of Object.entries(env.config ?? {})) request.getConfigMap().set(key, value);
    return this.call("configureStack", request);
  }

  async analyzerInfo(): Promise<AnalyzerInfo> {
    const info = await this.call<{
      toObject(): unknown;
      getPoliciesList(): Array<{ getConfigschema(): { getProperties(): { toJavaScript(): Record<string, unknown> } } | undefined }>;
    }>("getAnalyzerInfo", new Empty());
    const object = info.toObject() as AnalyzerInfo;
    object.schemas = info.getPoliciesList().map((policy) => policy.getConfigschema()?.getProperties().toJavaScript() ?? {});
    return object;
  }

  /**
   * What the engine does before Configure: start from each policy's default level and schema
   * defaults, apply `all`, then the policy's own entry (a level, or an object with a level and options).
   */
  async configure(info: AnalyzerInfo, config: Record<string, string | Record<string, unknown>>): Promise<void> {
    const request = new analyzerPb.ConfigureAnalyzerRequest();
    const all = typeof config.all === "string" ? config.all : null;
    info.policiesList.forEach((policy, index) => {
      const defaults: Record<string, unknown> = {};
      for (const [key, schema] of Object.entries(info.schemas[index] ?? {}))
        if ((schema as { default?: unknown }).default !== undefined) defaults[key] = (schema as { default: unknown }).default;
      let level = LEVEL_NAMES[policy.enforcementlevel];
      if (all) level = all;
      const given = config[policy.name];
      let properties = defaults;
      if (typeof given === "string") level = given;
      else if (given) {
        const { enforcementLevel, ...rest } = given as { enforcementLevel?: string };
        if (enforcementLevel) level = enforcementLevel;
        properties = { ...defaults, ...rest };
      }
      const entry = new analyzerPb.PolicyConfig();
      entry.setEnforcementlevel(LEVELS[level]);
      entry.setProperties(Struct.fromJavaScript(properties));
      request.getPolicyconfigMap().set(policy.name, entry);
    });
    await this.call("configure", request);
  }

  async analyze(resource: StackResource): Promise<{ diagnostics: Diagnostic[]; notApplicable: Array<{ policyName: string; reason: string }> }> {
    const request = new analyzerPb.AnalyzeRequest();
    request.setType(resource.type);
    request.setUrn(resource.urn);
    request.setName(urnName(resource.urn));
    request.setProperties(Struct.fromJavaScript(resource.inputs ?? {}));
    request.setOptions(options());
    const response = await this.call<{ toObject(): { diagnosticsList: Diagnostic[]; notApplicableList: Array<{ policyName: string; reason: string }> } }>(
      "analyze",
      request,
    );
    const object = response.toObject();
    return { diagnostics: object.diagnosticsList.map(named), notApplicable: object.notApplicableList };
  }

  async analyzeStack(resources: StackResource[]): Promise<Diagnostic[]> {
    const request = new analyzerPb.AnalyzeStackRequest();
    request.setResourcesList(
      resources.map((resource) => {
        const item = new analyzerPb.AnalyzerResource();
        item.setType(resource.type);
        item.setUrn(resource.urn);
        item.setName(urnName(resource.urn));
        item.setProperties(Struct.fromJavaScript(resource.outputs ?? resource.inputs ?? {}));
        item.setOptions(options());
        if (resource.parent) item.setParent(resource.parent);
        return item;
      }),
    );
    const response = await this.call<{ toObject(): { diagnosticsList: Diagnostic[] } }>("analyzeStack", request);
    return response.toObject().diagnosticsList.map(named);
  }

  async remediate(resource: StackResource): Promise<{ remediations: unknown[]; notApplicable: Array<{ policyName: string; reason: string }> }> {
    const request = new analyzerPb.AnalyzeRequest();
    request.setType(resource.type);
    request.setUrn(resource.urn);
    request.setName(urnName(resource.urn));
    request.setProperties(Struct.fromJavaScript(resource.inputs ?? {}));
    request.setOptions(options());
    const response = await this.call<{ toObject(): { remediationsList: unknown[]; notApplicableList: Array<{ policyName: string; reason: string }> } }>(
      "remediate",
      request,
    );
    const object = response.toObject();
    return { remediations: object.remediationsList, notApplicable: object.notApplicableList };
  }
}

function named(raw: Diagnostic & { policyname?: string; policypackname?: string; enforcementlevel?: number }): Diagnostic {
  const r = raw as unknown as Record<string, unknown>;
  return {
    policyName: String(r.policyname),
    policyPackName: String(r.policypackname),
    message: String(r.message),
    urn: typeof r.urn === "string" ? r.urn : "",
    enforcementLevel: LEVEL_NAMES[r.enforcementlevel as number] ?? String(r.enforcementlevel),
    severity: Number(r.severity ?? 0),
  };
}

export interface AnalyzerInfo {
  name: string;
  version: string;
  supportsconfig: boolean;
  policiesList: Array<{
    name: string;
    description: string;
    enforcementlevel: number;
    policyType: number;
    severity: number;
    remediationSteps: string;
    url: string;
  }>;
  schemas: Array<Record<string, unknown>>;
}
