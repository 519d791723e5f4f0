/**
 * Writes policies/capabilities.json: the pinned opa's capabilities with builtins limited to those
 * that run under @open-policy-agent/opa-wasm in Node (compiled into the module, or provided by the
 * SDK), so `opa check --strict` rejects at build time what would fail at run time.
 * `--check` compares instead of writing and exits 1 when the committed file is stale.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { paths } from "../src/paths";
import { runOpa } from "../src/tools/opa";

/** Builtins the npm SDK implements in JavaScript (src/builtins of @open-policy-agent/opa-wasm 1.10). */
const SDK_BUILTINS = ["sprintf", "regex.split", "yaml.marshal", "yaml.unmarshal", "yaml.is_valid", "json.is_valid"];
/** Rewritten to constants by the compiler, so they need no runtime implementation. */
const COMPILE_TIME_BUILTINS = ["rego.metadata.chain", "rego.metadata.rule"];

function wasmNative(): Set<string> {
  const dir = execFileSync("go", ["list", "-m", "-f", "{{.Dir}}", "github.com/open-policy-agent/opa"], { cwd: paths.toolsModule, encoding: "utf8" }).trim();
  const metadata = JSON.parse(readFileSync(path.join(dir, "builtin_metadata.json"), "utf8")) as Record<string, { wasm?: boolean }>;
  return new Set(
    Object.entries(metadata)
      .filter(([, meta]) => meta?.wasm === true)
      .map(([name]) => name),
  );
}

function generate(): string {
  const current = runOpa(["capabilities", "--current"]);
  if (current.status !== 0) throw new Error(`opa capabilities failed: ${current.stderr}`);
  const capabilities = JSON.parse(current.stdout) as { builtins: Array<{ name: string }>; [key: string]: unknown };
  const allowed = new Set([...wasmNative(), ...SDK_BUILTINS, ...COMPILE_TIME_BUILTINS]);
  capabilities.builtins = capabilities.builtins.filter((builtin) => allowed.has(builtin.name));
  return JSON.stringify(capabilities, null, 2) + "\n";
}

const target = paths.capabilities;
const fresh = generate();
if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(target, "utf8");
  } catch {
    committed = "";
  }
  if (committed !== fresh) {
    process.stderr.write(`${path.relative(process.cwd(), target)} is stale: run \`node dist/scripts/gen-capabilities.js\`\n`);
    process.exit(1);
  }
} else {
  writeFileSync(target, fresh);
  process.stdout.write(`wrote ${target}\n`);
}
