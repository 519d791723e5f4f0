import path from "node:path";
import { PolicyEngine } from "../../src/engine/engine";
import { readBundle } from "../../src/bundle/read";

let engine: PolicyEngine | null = null;

/** The default bundle (built by the jest global setup from the current Rego sources). */
export function defaultEngine(): PolicyEngine {
  engine ??= new PolicyEngine(readBundle(path.join(__dirname, "..", "..", "build", "bundle")));
  return engine;
}
