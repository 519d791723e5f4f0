/**
 * Waivers mean the same in both front doors: each case under waiver-cases/ patches the resources of
 * a state fixture (annotations, labels, tags) and runs them through `modelgate check` on the state
 * file (the plan-file path: scan, then the exit code `check` computes) and through every pack
 * policy with runtime-faithful arguments (harness/args.ts), with waiver expiry judged on the
 * case's day. The two must report the same findings on the same resources, waive the same ones
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

function viaPack(resources: StateResource[], today: string): { outcomes: string[]; blocks: boolean; violations: Violation[] } {
  const previous = process.env.MODELGATE_TODAY;
  process.env.MODELGATE_TODAY = today;
  try {
    const all = policies({ stack: "waivers", dryRun: false });
    const violations = runPack(all, resources);
    const level = new Map(all.map((p) => [p.name, p.enforcementLevel]));
    const outcomes = violations.map((v) => {
      const waived = WAIVED.exec(v.message);
      // a waived finding is advisory with its waiver; anything else keeps its policy's own level
      expect([v.policy, v.enforcementLevel]).toEqual([v.policy, waived ? "advisory" : undefined]);
      return outcome(nameOf(v.urn!), v.policy, waived ? { reason: waived[1]!, expires: waived[2]! } : null);
    });
    const blocks = violations.some((v) => v.enforcementLevel === undefined && level.get(v.policy) === "mandatory");
    return { outcomes: outcomes.sort(), blocks, violations };
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
