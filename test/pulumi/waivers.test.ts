/**
 * Waivers mean the same in both front doors: each case under waiver-cases/ patches the resources of
 * a state fixture (annotations, labels, tags) and runs them through `modelgate check` on the state
 * file (the plan-file path: scan, then the exit code `check` computes), through every pack
 * policy with runtime-faithful arguments (harness/args.ts), and through the built pack over the
 * analyzer gRPC protocol (harness/grpc.ts), with waiver expiry judged on the case's day. The two must report the same findings on the same resources, waive the same ones
 * with the same reason and expiry, and agree on whether the deployment is blocked. Case file:
 *   { "description": "...", "today": "YYYY-MM-DD", "stack": "<fixture>.json",
 *     "keep"?: [logical names], "patch": { "<logical name>": {deep-merged into inputs and outputs} },
 *     "central"?: {maxDays?, entries}  (stack config modelgate:waivers for the pack; for check, both
 *       modelgate.yaml `waivers` beside a state file and the config a `pulumi preview --json` plan records),
 *     "expect": { "waived": ["<name> <rule>"], "invalidWaivers": ["<name>" or "(config)"], "blocks": bool } }
 * `expect` pins what both front doors must show, so a case cannot pass by both ignoring waivers.
 * Adding a case needs no test code.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exitCode } from "../../src/cli/exit";
import { applyConfig, loadConfig } from "../../src/config/load";
import { projectSettings } from "../../src/config/project";
import { PolicyEngine } from "../../src/engine/engine";
import { failingFindings } from "../../src/findings/baseline/check";
import type { Finding } from "../../src/findings/types";
import { scan } from "../../src/scan/scan";
import { defaultEngine } from "../helpers/engine";
import { policies, runPack, type StateResource, type Violation } from "./harness/args";
import { ensurePackBuilt, PackProcess, type AnalyzerInfo, type Diagnostic } from "./harness/grpc";

jest.setTimeout(120_000);

const CASES = path.join(__dirname, "waiver-cases");

interface WaiverCase {
  description: string;
  today: string;
  stack: string;
  keep?: string[];
  patch: Record<string, Record<string, unknown>>;
  central?: Record<string, unknown>;
  expect: { waived: string[]; invalidWaivers: string[]; blocks: boolean };
}

/** A resource's logical name; "(config)" for findings about the central waivers themselves. */
const nameOf = (urn: string | undefined) => (urn === undefined ? "(config)" : urn.slice(urn.lastIndexOf("::") + 2));

/** Stack config of the pack for a case: its central waivers as `modelgate:waivers`. */
const stackConfig = (spec: WaiverCase): Record<string, string> => (spec.central ? { "modelgate:waivers": JSON.stringify(spec.central) } : {});

function merge(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const base = target !== null && typeof target === "object" && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) base[key] = merge(base[key], value);
  return base;
}

function caseResources(spec: WaiverCase): StateResource[] {
  const state = JSON.parse(readFileSync(path.join(__dirname, "fixtures", spec.stack), "utf8")) as { deployment: { resources: StateResource[] } };
  const kept = state.deployment.resources.filter((r) => r.type.startsWith("pulumi:") || !spec.keep || spec.keep.includes(nameOf(r.urn)));
  const unknown = Object.keys(spec.patch).filter((name) => !kept.some((r) => nameOf(r.urn) === name));
  if (unknown.length > 0) throw new Error(`patch names resources not in ${spec.stack}: ${unknown.join(", ")}`);
  return kept.map((resource) => {
    const patch = spec.patch[nameOf(resource.urn)];
    if (!patch) return resource;
    const out: StateResource = { ...resource };
    if (resource.inputs) out.inputs = merge(resource.inputs, patch) as Record<string, unknown>;
    if (resource.outputs) out.outputs = merge(resource.outputs, patch) as Record<string, unknown>;
    return out;
  });
}

/** The resource a pointer into a state file or a preview plan is inside. */
const RESOURCE_POINTER = /^\/(?:deployment\/resources|steps)\/(\d+)\//;

/** One line per finding: resource, rule, and the waiver (reason and expiry) or "reported". */
function outcome(name: string, ruleId: string, waiver: { reason: string; expires: string } | null): string {
  return `${name} ${ruleId} ${waiver ? `waived until ${waiver.expires}: ${waiver.reason}` : "reported"}`;
}

/**
 * `modelgate check plan.json` in a fresh directory: a `pulumi stack export` state file with the
 * central waivers in modelgate.yaml, or a `pulumi preview --json` plan recording them in its config.
 */
async function viaCheck(
  resources: StateResource[],
  spec: WaiverCase,
  form: "state" | "preview",
): Promise<{ outcomes: string[]; blocks: boolean; findings: Finding[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-waivers-"));
  try {
    const plan =
      form === "state"
        ? { version: 3, deployment: { manifest: {}, resources } }
        : {
            config: stackConfig(spec),
            steps: resources.map((r) => ({
              op: "create",
              urn: r.urn,
              newState: { urn: r.urn, type: r.type, inputs: r.inputs ?? {}, outputs: r.outputs ?? {} },
            })),
          };
    writeFileSync(path.join(dir, "plan.json"), JSON.stringify(plan, null, 2));
    let engine = defaultEngine();
    let config = null;
    if (spec.central && form === "state") {
      writeFileSync(path.join(dir, "modelgate.yaml"), JSON.stringify({ waivers: spec.central }, null, 2));
      config = loadConfig(path.join(dir, "modelgate.yaml"), "modelgate.yaml", engine.catalog.rules);
      engine = new PolicyEngine({ ...engine.bundle, data: applyConfig(engine.bundle.data, config) });
    }
    const result = await scan({ paths: ["plan.json"], cwd: dir, engine, project: projectSettings(config, dir), today: spec.today, workers: 0 });
    const urnOfResource = new Map<string, string>();
    for (const doc of result.documents) {
      const index = RESOURCE_POINTER.exec(doc.workload.source.pointer + "/")?.[1];
      if (index !== undefined) urnOfResource.set(doc.workload.resource, resources[Number(index)].urn);
    }
    const urnOf = (finding: Finding): string | undefined => {
      if (finding.file === "modelgate.yaml" || finding.pointer.startsWith("/config/")) return undefined;
      const index = RESOURCE_POINTER.exec(finding.pointer)?.[1];
      return urnOfResource.get(finding.resource) ?? (index !== undefined ? resources[Number(index)].urn : finding.resource);
    };
    const outcomes = result.findings.map((f) => outcome(nameOf(urnOf(f)), f.ruleId, f.waived ? { reason: f.waiverReason!, expires: f.waiverExpires! } : null));
    return { outcomes: outcomes.sort(), blocks: exitCode(failingFindings(result.findings), result.inputErrors, "high") === 1, findings: result.findings };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const WAIVED = /\n.* \[waived: (.+) \((?:owner [^,]+, )?until (\d{4}-\d{2}-\d{2}), (?:inline urn:|stack config modelgate:waivers )[^\]]+\)\]$/s;

/** Outcomes of reported violations; a waived finding must be advisory, anything else at its policy's own level. */
function packOutcomes(
  violations: Array<{ policy: string; message: string; urn: string | undefined; level: string | undefined }>,
  levels: Map<string, string>,
): { outcomes: string[]; blocks: boolean } {
  const outcomes = violations.map((v) => {
    const waived = WAIVED.exec(v.message);
    expect([v.policy, v.level]).toEqual([v.policy, waived ? "advisory" : levels.get(v.policy)]);
    return outcome(nameOf(v.urn), v.policy, waived ? { reason: waived[1], expires: waived[2] } : null);
  });
  return { outcomes: outcomes.sort(), blocks: violations.some((v) => v.level === "mandatory") };
}

function viaPack(resources: StateResource[], spec: WaiverCase): { outcomes: string[]; blocks: boolean; violations: Violation[] } {
  const previous = process.env.MODELGATE_TODAY;
  process.env.MODELGATE_TODAY = spec.today;
  try {
    const all = policies({ stack: "waivers", dryRun: false, config: stackConfig(spec) });
    const violations = runPack(all, resources);
    const levels = new Map(all.map((p) => [p.name, p.enforcementLevel as string]));
    // the harness leaves the level unset when the policy reports with its own
    const reported = violations.map((v) => ({ policy: v.policy, message: v.message, urn: v.urn, level: v.enforcementLevel ?? levels.get(v.policy) }));
    return { ...packOutcomes(reported, levels), violations };
  } finally {
    if (previous === undefined) delete process.env.MODELGATE_TODAY;
    else process.env.MODELGATE_TODAY = previous;
  }
}

const cases = readdirSync(CASES)
  .filter((name) => name.endsWith(".json"))
  .sort();

describe("waivers in modelgate check (plan file) and in the policy pack", () => {
  it.each(cases)("%s", async (file) => {
    const spec = JSON.parse(readFileSync(path.join(CASES, file), "utf8")) as WaiverCase;
    const resources = caseResources(spec);
    const check = await viaCheck(resources, spec, "state");
    const preview = await viaCheck(resources, spec, "preview");
    const pack = viaPack(resources, spec);
    expect(pack.outcomes).toEqual(check.outcomes);
    expect(preview.outcomes).toEqual(check.outcomes);
    expect(preview.blocks).toBe(check.blocks);
    expect(pack.blocks).toBe(check.blocks);
    expect(check.blocks).toBe(spec.expect.blocks);
    const waived = check.outcomes.filter((line) => line.includes(" waived until ")).map((line) => line.split(" ").slice(0, 2).join(" "));
    expect(waived).toEqual([...spec.expect.waived].sort());
    const invalid = check.findings.filter((f) => f.ruleId === "invalid-waiver");
    expect([...new Set(check.outcomes.filter((line) => line.split(" ")[1] === "invalid-waiver").map((line) => line.split(" ")[0]))].sort()).toEqual(
      [...spec.expect.invalidWaivers].sort(),
    );
    // the invalid-waiver message names what is wrong, identically in both
    const packInvalid = pack.violations.filter((v) => v.policy === "invalid-waiver").map((v) => v.message.replace(/ \(at \/.*\)$/, ""));
    expect(packInvalid.sort()).toEqual(invalid.map((f) => f.message).sort());
  });
});

/** One pack process per day and stack config (both are read from the environment it starts with). */
const processes = new Map<string, Promise<{ pack: PackProcess; info: AnalyzerInfo }>>();

function packFor(today: string, config: Record<string, string>): Promise<{ pack: PackProcess; info: AnalyzerInfo }> {
  const key = JSON.stringify([today, config]);
  let started = processes.get(key);
  if (!started) {
    started = (async () => {
      const pack = new PackProcess();
      const previous = process.env.MODELGATE_TODAY;
      process.env.MODELGATE_TODAY = today;
      try {
        await pack.start({ stack: "waivers", dryRun: false, config });
      } finally {
        if (previous === undefined) delete process.env.MODELGATE_TODAY;
        else process.env.MODELGATE_TODAY = previous;
      }
      const info = await pack.analyzerInfo();
      await pack.configure(info, {});
      return { pack, info };
    })();
    processes.set(key, started);
  }
  return started;
}

describe("the same cases over the analyzer protocol", () => {
  beforeAll(() => ensurePackBuilt());

  afterAll(async () => {
    for (const started of processes.values()) await (await started).pack.stop();
  });

  it.each(cases)("%s", async (file) => {
    const spec = JSON.parse(readFileSync(path.join(CASES, file), "utf8")) as WaiverCase;
    const resources = caseResources(spec).filter((r) => !r.type.startsWith("pulumi:"));
    const { pack, info } = await packFor(spec.today, stackConfig(spec));
    const levels = new Map(info.policiesList.map((p) => [p.name, ["advisory", "mandatory", "disabled"][p.enforcementlevel]]));
    const diagnostics: Diagnostic[] = [];
    for (const resource of resources) diagnostics.push(...(await pack.analyze(resource)).diagnostics.map((d) => ({ ...d, urn: d.urn || resource.urn })));
    diagnostics.push(...(await pack.analyzeStack(resources)));
    const reported = diagnostics.map((d) => ({ policy: d.policyName, message: d.message, urn: d.urn || undefined, level: d.enforcementLevel }));
    const grpc = packOutcomes(reported, levels);
    const check = await viaCheck(caseResources(spec), spec, "state");
    expect(grpc.outcomes).toEqual(check.outcomes);
    expect(grpc.blocks).toBe(check.blocks);
  });
});

describe("stack config modelgate:waivers that waives nothing is reported once, with the stack", () => {
  it.each([
    ["not JSON", "soon", 'stack config modelgate:waivers must be an object {maxDays?, entries}, got "soon"'],
    ["off the schema", JSON.stringify({ maxDays: 0 }), "stack config modelgate:waivers/maxDays must be >= 1"],
    [
      "a path glob",
      JSON.stringify({ entries: [{ rule: "require-token-cap", path: "apps/**", owner: "platform", reason: "capped", expires: "2026-12-10" }] }),
      "waivers.entries[0]: a path glob matches files, which the policy pack does not read; name the finding's resource instead",
    ],
  ])("%s", (_name, value, message) => {
    const invalid = policies({ dryRun: false, config: { "modelgate:waivers": value } }).find((p) => p.name === "invalid-waiver")!;
    expect(runPack([invalid], [])).toEqual([{ policy: "invalid-waiver", message: expect.stringContaining(message), urn: undefined }]);
  });
});
