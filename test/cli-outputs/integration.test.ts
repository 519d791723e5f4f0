/**
 * The GitHub Action and the pre-commit hook definition: their shape, and the Action's check step
 * run for real (bash, as the runner runs it) over examples/.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const ROOT = path.join(__dirname, "..", "..");
const action: Json = parse(readFileSync(path.join(ROOT, "action.yml"), "utf8"));
const hooks: Json = parse(readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8"));
const steps: Json[] = action.runs.steps;
const step = (uses: string): Json => steps.find((s) => typeof s.uses === "string" && s.uses.startsWith(uses));

describe("action.yml", () => {
  it("is a composite action with the documented inputs", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(["paths", "fail-on", "config", "sarif-file"]));
    for (const input of Object.values<Json>(action.inputs)) expect(typeof input.description).toBe("string");
    expect(action.inputs["fail-on"].default).toBe("high");
  });

  it("sets up Node 20 and Go from tools/go.mod, and installs with npm ci in the action's directory", () => {
    expect(step("actions/setup-node@").with["node-version"]).toBe("20");
    expect(step("actions/setup-go@").with["go-version-file"]).toBe("${{ github.action_path }}/tools/go.mod");
    const install = steps.find((s) => /npm ci/.test(s.run ?? ""));
    expect(install["working-directory"]).toBe("${{ github.action_path }}");
  });

  it("never splices inputs into scripts", () => {
    for (const s of steps) expect(s.run ?? "").not.toMatch(/\$\{\{\s*inputs\./);
  });

  it("uploads the SARIF file even when the check failed", () => {
    const upload = step("github/codeql-action/upload-sarif@");
    expect(upload.if).toMatch(/^always\(\)/);
    expect(upload.with.sarif_file).toBe("${{ steps.check.outputs.sarif-file }}");
  });

  it("runs modelgate with SARIF to the file and annotations on stdout", () => {
    let dir = "";
    try {
      dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-action-"));
      const outputs = path.join(dir, "github-output");
      const sarifFile = path.join(dir, "reports", "modelgate.sarif");
      const check = steps.find((s) => s.id === "check");
      const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", check.run], {
        cwd: ROOT,
        encoding: "utf8",
        env: {
          ...process.env,
          CI: "true",
          GITHUB_ACTION_PATH: ROOT,
          GITHUB_OUTPUT: outputs,
          INPUT_PATHS: "examples/kubernetes\nexamples/litellm",
          INPUT_FAIL_ON: "high",
          INPUT_CONFIG: "",
          INPUT_SARIF_FILE: sarifFile,
        },
      });
      expect(result.stderr).not.toMatch(/error/i);
      expect(result.status).toBe(1);
      expect(readFileSync(outputs, "utf8").trim().split("\n")).toEqual(["exit-code=1", `sarif-file=${sarifFile}`, "sarif-written=true"]);
      const sarif = JSON.parse(readFileSync(sarifFile, "utf8"));
      const annotations = result.stdout.split("\n").filter((line) => line.startsWith("::"));
      expect(annotations).toHaveLength(sarif.runs[0].results.length);
      for (const [i, r] of sarif.runs[0].results.entries()) {
        const { uri } = r.locations[0].physicalLocation.artifactLocation;
        const { startLine, startColumn } = r.locations[0].physicalLocation.region;
        expect(annotations[i]).toContain(`file=${uri},line=${startLine},col=${startColumn},title=${r.ruleId}::`);
      }
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe(".pre-commit-hooks.yaml", () => {
  it("defines the modelgate hook on YAML and JSON files", () => {
    expect(hooks).toHaveLength(1);
    const [hook] = hooks;
    expect(hook).toMatchObject({ id: "modelgate", language: "node", entry: "modelgate check" });
    const files = new RegExp(hook.files);
    for (const name of ["k8s/app.yaml", "gateway/config.yml", "plan.json"]) expect(files.test(name)).toBe(true);
    for (const name of ["README.md", "yaml.txt", "main.go"]) expect(files.test(name)).toBe(false);
  });

  it("names an executable the package provides", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(Object.keys(pkg.bin)).toContain(hooks[0].entry.split(" ")[0]);
  });
});
