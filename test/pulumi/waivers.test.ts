/**
 * Waivers mean the same in both front doors: each case under waiver-cases/ patches the resources of
 * a state fixture (annotations, labels, tags) and runs them through `modelgate check` on the state
 * file (the plan-file path: scan, then the exit code `check` computes), through every pack
 * policy with runtime-faithful arguments (harness/args.ts), and through the built pack over the
 * analyzer gRPC protocol (harness/grpc.ts), with waiver expiry judged on the case's day. The two must report the same findings on the same resources, waive the same ones
 * with the same reason and expiry, and agree on whether the deployment is blocked. Case file:
 *   { "description": "...", "today": "YYYY-MM-DD", "stack": "<fixture>.json",
 *     "keep"?: [logical names], "patch": { "<logical name>": {deep-merged into inputs and outputs} },
 *     "expect": { "waived": ["<name> <rule>"], "invalidWaivers": ["<name>"], "blocks": bool } }
 * `expect` pins what both front doors must show, so a case cannot pass by both ignoring waivers.
 * Adding a case needs no test code.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exitCode } from "../../src/cli/exit";
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
  expect: { waived: string[]; invalidWaivers: string[]; blocks: boolean };
}

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

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

/** One line per finding: resource, rule, and the waiver (reason and expiry) or "reported". */
function outcome(name: string, ruleId: string, waiver: { reason: string; expires: string } | null): string {
  return `${name} ${ruleId} ${waiver ? `waived until ${waiver.expires}: ${waiver.reason}` : "reported"}`;
}

async function viaCheck(resources: StateResource[], today: string): Promise<{ outcomes: string[]; blocks: boolean; findings: Finding[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-waivers-"));
  try {
    writeFileSync(path.join(dir, "plan.json"), JSON.stringify({ version: 3, deployment: { manifest: {}, resources } }, null, 2));
    const result = await scan({ paths: ["plan.json"], cwd: dir, engine: defaultEngine(), today, workers: 0 });
    const urnOfResource = new Map<string, string>();
    for (const doc of result.documents) {
      const index = /^\/deployment\/resources\/(\d+)\//.exec(doc.workload.source.pointer + "/")?.[1];
      if (index !== undefined) urnOfResource.set(doc.workload.resource, resources[Number(index)]!.urn);
    }
    const urnOf = (finding: Finding): string => {
      const index = /^\/deployment\/resources\/(\d+)\//.exec(finding.pointer)?.[1];
      return urnOfResource.get(finding.resource) ?? (index !== undefined ? resources[Number(index)]!.urn : finding.resource);
    };
    const outcomes = result.findings.map((f) => outcome(nameOf(urnOf(f)), f.ruleId, f.waived ? { reason: f.waiverReason!, expires: f.waiverExpires! } : null));
    return { outcomes: outcomes.sort(), blocks: exitCode(failingFindings(result.findings), result.inputErrors, "high") === 1, findings: result.findings };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const WAIVED = /\n.* \[waived: (.+) \((?:owner [^,]+, )?until (\d{4}-\d{2}-\d{2}), inline urn:[^\]]+\)\]$/s;

/** Outcomes of reported violations; a waived finding must be advisory, anything else at its policy's own level. */
function packOutcomes(violations: Array<{ policy: string; message: string; urn: string; level: string | undefined }>, levels: Map<string, string>): { outcomes: string[]; blocks: boolean } {
  const outcomes = violations.map((v) => {
    const waived = WAIVED.exec(v.message);
    expect([v.policy, v.level]).toEqual([v.policy, waived ? "advisory" : levels.get(v.policy)]);
    return outcome(nameOf(v.urn), v.policy, waived ? { reason: waived[1]!, expires: waived[2]! } : null);
  });
  return { outcomes: outcomes.sort(), blocks: violations.some((v) => v.level === "mandatory") };
}

function viaPack(resources: StateResource[], today: string): { outcomes: string[]; blocks: boolean; violations: Violation[] } {
  const previous = process.env.MODELGATE_TODAY;
  process.env.MODELGATE_TODAY = today;
  try {
    const all = policies({ stack: "waivers", dryRun: false });
    const violations = runPack(all, resources);
    const levels = new Map(all.map((p) => [p.name, p.enforcementLevel as string]));
    // the harness leaves the level unset when the policy reports with its own
    const reported = violations.map((v) => ({ policy: v.policy, message: v.message, urn: v.urn!, level: v.enforcementLevel ?? levels.get(v.policy) }));
    return { ...packOutcomes(reported, levels), violations };
  } finally {
    if (previous === undefined) delete process.env.MODELGATE_TODAY;
    else process.env.MODELGATE_TODAY = previous;
  }
}

const cases = readdirSync(CASES).filter((name) => name.endsWith(".json")).sort();

describe("waivers in modelgate check (plan file) and in the policy pack", () => {
  it.each(cases)("%s", async (file) => {
    const spec = JSON.parse(readFileSync(path.join(CASES, file), "utf8")) as WaiverCase;
    const resources = caseResources(spec);
    const check = await viaCheck(resources, spec.today);
    const pack = viaPack(resources, spec.today);
    expect(pack.outcomes).toEqual(check.outcomes);
    expect(pack.blocks).toBe(check.blocks);
    expect(check.blocks).toBe(spec.expect.blocks);
    const waived = check.outcomes.filter((line) => line.includes(" waived until ")).map((line) => line.split(" ").slice(0, 2).join(" "));
    expect(waived).toEqual([...spec.expect.waived].sort());
    const invalid = check.findings.filter((f) => f.ruleId === "invalid-waiver");
    expect([...new Set(check.outcomes.filter((line) => line.split(" ")[1] === "invalid-waiver").map((line) => line.split(" ")[0]))].sort()).toEqual([...spec.expect.invalidWaivers].sort());
    // the invalid-waiver message names what is wrong, identically in both
    const packInvalid = pack.violations.filter((v) => v.policy === "invalid-waiver").map((v) => v.message.replace(/ \(at \/.*\)$/, ""));
    expect(packInvalid.sort()).toEqual(invalid.map((f) => f.message).sort());
  });
});

/** One pack process per day waivers are judged on (MODELGATE_TODAY is read from the environment it starts with). */
const processes = new Map<string, Promise<{ pack: PackProcess; info: AnalyzerInfo }>>();

function packFor(today: string): Promise<{ pack: PackProcess; info: AnalyzerInfo }> {
  let started = processes.get(today);
  if (!started) {
    started = (async () => {
      const pack = new PackProcess();
      const previous = process.env.MODELGATE_TODAY;
      process.env.MODELGATE_TODAY = today;
      try {
        await pack.start({ stack: "waivers", dryRun: false });
      } finally {
        if (previous === undefined) delete process.env.MODELGATE_TODAY;
        else process.env.MODELGATE_TODAY = previous;
      }
      const info = await pack.analyzerInfo();
      await pack.configure(info, {});
      return { pack, info };
    })();
    processes.set(today, started);
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
    const { pack, info } = await packFor(spec.today);
    const levels = new Map(info.policiesList.map((p) => [p.name, ["advisory", "mandatory", "disabled"][p.enforcementlevel]!]));
    const diagnostics: Diagnostic[] = [];
    for (const resource of resources) diagnostics.push(...(await pack.analyze(resource)).diagnostics.map((d) => ({ ...d, urn: d.urn || resource.urn })));
    diagnostics.push(...(await pack.analyzeStack(resources)));
    const reported = diagnostics.map((d) => ({ policy: d.policyName, message: d.message, urn: d.urn, level: d.enforcementLevel }));
    const grpc = packOutcomes(reported, levels);
    const check = await viaCheck(caseResources(spec), spec.today);
    expect(grpc.outcomes).toEqual(check.outcomes);
    expect(grpc.blocks).toBe(check.blocks);
  });
});
