/**
 * The CLI contract (DESIGN.md "CLI contract", README exit codes) and hostile or broken input,
 * through the real binary: `node bin/modelgate.js ...args`, one case per folder.
 *
 *   cases/<name>/case.json   what to run and what to expect (fields below)
 *   cases/<name>/...         the case's input files
 *
 * case.json:
 *   description        what the case shows
 *   args               arguments after `bin/modelgate.js`
 *   cwd                "{repo}" for the repository root, or a folder inside the case folder
 *                      (default: the case folder)
 *   stdin | stdinFile  text for stdin, or a file (relative to the case folder) piped to it
 *   stdinKeepOpen      write stdin but never close it; the run must still end within timeoutMs
 *   stdoutClosed       the reader of stdout exits before modelgate writes (`modelgate ... | true`)
 *   timeoutMs          the run must end within this (default 60 s)
 *   maxMs              and, stricter, within this many milliseconds
 *   exitCode           the exit status (null: not asserted)
 *   stdoutIncludes / stdoutExcludes / stderrIncludes / stderrExcludes / outputIncludes (either stream)
 *   stdoutEquals       stdout exactly
 *   json               partial object: JSON.parse(stdout) toMatchObject it
 *   jsonContract       stdout is a `check --format json` report with every DESIGN.md field typed
 *   jsonArrays         [{path, minItems, itemKeys, itemEnums}] checks on arrays of the JSON output
 *   jsonFindingsInclude  partial findings, each matched by at least one finding
 *   writes             {path, json}: a file the run writes, parsed and matched
 *   env                environment variables set for the run (a value of null unsets one)
 *   unprivileged       run as the unprivileged user "nobody" (uid 65534) when the tests run as root,
 *                      so permission bits (an unreadable directory) bind as they do for CI users
 * Strings may use {repo}, {case}, {generated} (a temporary folder of fixtures the test writes:
 * large, binary and symlinked inputs that are not committed) and {version} (package.json).
 *
 * A stack trace on stderr ("    at ...") fails every case. A case the product gets wrong is listed in
 * known-gaps.json ({name: reason}); it is reported as a todo, and a separate test fails once the
 * gap is fixed so the entry gets removed. Adding a case needs no test code.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const REPO = path.join(__dirname, "..", "..");
const BIN = path.join(REPO, "bin", "modelgate.js");
const CASES_DIR = path.join(__dirname, "cases");
const VERSION = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;
const KNOWN_GAPS = JSON.parse(readFileSync(path.join(__dirname, "known-gaps.json"), "utf8")) as Record<string, unknown>;
const STACK_FRAME = "    at ";
const DEFAULT_TIMEOUT_MS = 60_000;

interface ArrayCheck {
  path: string;
  minItems?: number;
  itemKeys?: string[];
  itemEnums?: Record<string, string[]>;
}

interface CliCase {
  description: string;
  args: string[];
  cwd?: string;
  stdin?: string;
  stdinFile?: string;
  stdinKeepOpen?: boolean;
  stdoutClosed?: boolean;
  timeoutMs?: number;
  maxMs?: number;
  exitCode: number | null;
  stdoutIncludes?: string[];
  stdoutExcludes?: string[];
  stderrIncludes?: string[];
  stderrExcludes?: string[];
  outputIncludes?: string[];
  stdoutEquals?: string;
  json?: Record<string, unknown>;
  jsonContract?: boolean;
  jsonArrays?: ArrayCheck[];
  jsonFindingsInclude?: Array<Record<string, unknown>>;
  writes?: { path: string; json: Record<string, unknown> };
  unprivileged?: boolean;
  env?: Record<string, string | null>;
}

const CASE_KEYS = new Set<string>([
  "description",
  "args",
  "cwd",
  "stdin",
  "stdinFile",
  "stdinKeepOpen",
  "stdoutClosed",
  "timeoutMs",
  "maxMs",
  "exitCode",
  "stdoutIncludes",
  "stdoutExcludes",
  "stderrIncludes",
  "stderrExcludes",
  "outputIncludes",
  "stdoutEquals",
  "json",
  "jsonContract",
  "jsonArrays",
  "jsonFindingsInclude",
  "writes",
  "unprivileged",
  "env",
]);

interface RunResult {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
  error: string | null;
}

// ---------------------------------------------------------------------------
// Fixtures too large, binary or filesystem-specific to commit

let GENERATED = "";

const VIOLATING_AGENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: coding-agent
  namespace: payments
  labels:
    modelgate.dev/regulated: "true"
    modelgate.dev/data-class: internal
spec:
  selector:
    matchLabels: {app: coding-agent}
  template:
    metadata:
      labels: {app: coding-agent}
    spec:
      containers:
        - name: agent
          image: ghcr.io/acme/agent:1.0.0
          env:
            - name: OPENAI_BASE_URL
              value: https://api.deepseek.com/v1
`;

function writeGeneratedFixtures(dir: string): void {
  // 9 MiB of valid YAML (comment lines), over the 8 MiB limit
  const line = "# padding line to push the file over the size limit.....................................\n";
  const target = 9 * 1024 * 1024;
  writeFileSync(path.join(dir, "big.yaml"), line.repeat(Math.ceil(target / line.length)).slice(0, target));
  // a manifest with NUL bytes in it
  writeFileSync(path.join(dir, "binary.yaml"), Buffer.concat([Buffer.from("apiVersion: v1\nkind: ConfigMap\n"), Buffer.from([0, 0, 0xff, 0xfe, 0, 1, 2, 3])]));
  // Latin-1 é (0xE9) is not UTF-8
  writeFileSync(path.join(dir, "latin1.yaml"), Buffer.from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n", "latin1"));
  // UTF-16LE with a BOM, as Windows PowerShell 5 redirection writes files
  writeFileSync(path.join(dir, "utf16.yaml"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VIOLATING_AGENT, "utf16le")]));
  // one document more than the 10,000 allowed in a file
  writeFileSync(path.join(dir, "many-documents.yaml"), "---\nkind: Note\n".repeat(10_001));
  mkdirSync(path.join(dir, "empty"));
  // overlay/agent.yaml -> ../base/agent.yaml, as Kustomize-style repositories share files
  mkdirSync(path.join(dir, "base"));
  mkdirSync(path.join(dir, "overlay"));
  writeFileSync(path.join(dir, "base", "agent.yaml"), VIOLATING_AGENT);
  symlinkSync(path.join("..", "base", "agent.yaml"), path.join(dir, "overlay", "agent.yaml"));
  // a FIFO among manifests (opening one for reading blocks until a writer comes), and one named alone
  mkdirSync(path.join(dir, "with-fifo"));
  writeFileSync(path.join(dir, "with-fifo", "agent.yaml"), VIOLATING_AGENT);
  spawnSync("mkfifo", [path.join(dir, "with-fifo", "pipe.yaml")]);
  // 600 KB of unclosed `{{` as a base URL (over a minute of regex backtracking before), and 20,000
  // env variables each extending the one before (filled the heap before)
  writeFileSync(path.join(dir, "open-templates.yaml"), VIOLATING_AGENT.replace("https://api.deepseek.com/v1", JSON.stringify("{{".repeat(300_000))));
  const chain = Array.from(
    { length: 20_000 },
    (_, i) => `            - {name: V${i}, value: "${i === 0 ? "https://api.deepseek.com" : `$(V${i - 1})$(V${i - 1})`}"}`,
  ).join("\n");
  writeFileSync(path.join(dir, "env-chain.yaml"), VIOLATING_AGENT.replace("          env:\n", `          env:\n${chain}\n`));
  // a manifest that is a symbolic link to nothing, next to a real one
  mkdirSync(path.join(dir, "with-dangling"));
  writeFileSync(path.join(dir, "with-dangling", "agent.yaml"), VIOLATING_AGENT);
  symlinkSync(path.join(dir, "nowhere.yaml"), path.join(dir, "with-dangling", "moved.yaml"));
  // the built-in bundle without its organisation policy
  const builtin = path.join(REPO, "build", "bundle");
  mkdirSync(path.join(dir, "no-policy-bundle"));
  for (const file of ["policy.wasm", ".manifest"]) writeFileSync(path.join(dir, "no-policy-bundle", file), readFileSync(path.join(builtin, file)));
  const data = JSON.parse(readFileSync(path.join(builtin, "data.json"), "utf8")) as { modelgate: Record<string, unknown> };
  delete data.modelgate.policy;
  writeFileSync(path.join(dir, "no-policy-bundle", "data.json"), JSON.stringify(data));
  // a directory nobody may list next to a readable manifest (see `unprivileged`)
  mkdirSync(path.join(dir, "with-locked", "locked"), { recursive: true });
  writeFileSync(path.join(dir, "with-locked", "agent.yaml"), VIOLATING_AGENT);
  writeFileSync(path.join(dir, "with-locked", "locked", "hidden.yaml"), VIOLATING_AGENT);
  chmodSync(path.join(dir, "with-locked", "locked"), 0o000);
  chmodSync(dir, 0o755); // mkdtemp makes it 0700: the unprivileged user must reach the fixtures
}

// ---------------------------------------------------------------------------
// Cases

function substitute<T>(value: T, caseDir: string): T {
  if (typeof value === "string") {
    return value.replaceAll("{repo}", REPO).replaceAll("{case}", caseDir).replaceAll("{generated}", GENERATED).replaceAll("{version}", VERSION) as T;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, caseDir)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, caseDir)])) as T;
  }
  return value;
}

interface LoadedCase {
  name: string;
  dir: string;
  raw: CliCase;
  shapeErrors: string[];
}

function loadCases(): LoadedCase[] {
  return readdirSync(CASES_DIR)
    .filter((name) => statSync(path.join(CASES_DIR, name)).isDirectory())
    .sort()
    .map((name) => {
      const dir = path.join(CASES_DIR, name);
      const shapeErrors: string[] = [];
      let raw = {} as CliCase;
      try {
        raw = JSON.parse(readFileSync(path.join(dir, "case.json"), "utf8")) as CliCase;
      } catch (error) {
        shapeErrors.push(`case.json cannot be read: ${(error as Error).message}`);
      }
      for (const key of Object.keys(raw)) if (!CASE_KEYS.has(key)) shapeErrors.push(`unknown case.json key "${key}"`);
      if (!Array.isArray(raw.args)) shapeErrors.push("args must be a list");
      if (!("exitCode" in raw)) shapeErrors.push("exitCode is required (null when not asserted)");
      if (typeof raw.description !== "string" || raw.description === "") shapeErrors.push("description is required");
      return { name, dir, raw, shapeErrors };
    });
}

function childEnv(extra: Record<string, string | null> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.MODELGATE_DEBUG; // would print stack traces on purpose
  for (const [name, value] of Object.entries(extra)) {
    if (value === null) delete env[name];
    else env[name] = value;
  }
  return env;
}

function runCase(c: CliCase, caseDir: string): Promise<RunResult> {
  const cwd = c.cwd === undefined ? caseDir : path.isAbsolute(c.cwd) ? c.cwd : path.join(caseDir, c.cwd);
  const input =
    c.stdinFile !== undefined
      ? readFileSync(path.isAbsolute(c.stdinFile) ? c.stdinFile : path.join(caseDir, c.stdinFile))
      : c.stdin !== undefined
        ? Buffer.from(c.stdin)
        : undefined;
  const timeout = c.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();

  if (c.stdinKeepOpen) return runKeepingStdinOpen(c.args, cwd, input ?? Buffer.alloc(0), timeout);

  const [command, args] = c.stdoutClosed
    ? // the pipe's reader (`true`) is gone long before node has started; modelgate's own status is returned
      ["bash", ["-c", 'set -o pipefail; "$0" "$@" | true; exit "${PIPESTATUS[0]}"', process.execPath, BIN, ...c.args]]
    : [process.execPath, [BIN, ...c.args]];
  const asNobody = c.unprivileged === true && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const result = spawnSync(command, args, {
    ...asNobody,
    cwd,
    env: childEnv(c.env),
    input: input ?? "",
    timeout,
    maxBuffer: 64 * 1024 * 1024,
    killSignal: "SIGKILL",
  });
  const timedOut = result.error !== undefined && "code" in result.error && result.error.code === "ETIMEDOUT";
  return Promise.resolve({
    status: result.status,
    signal: result.signal,
    stdout: result.stdout?.toString("utf8") ?? "",
    stderr: result.stderr?.toString("utf8") ?? "",
    ms: Date.now() - started,
    timedOut,
    error: result.error && !timedOut ? result.error.message : null,
  });
}

/** Writes stdin without closing it, like a producer that never stops; kills the run after `timeout`. */
function runKeepingStdinOpen(args: string[], cwd: string, input: Buffer, timeout: number): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: childEnv(), stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.stdin.on("error", () => undefined); // the CLI may stop reading early, which is the point
    child.stdin.write(input);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeout);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({
        status,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: Date.now() - started,
        timedOut,
        error: null,
      });
    });
  });
}

// ---------------------------------------------------------------------------
// Checks: each returns the problems found, so a known gap can be verified as still failing

function attempt(problems: string[], label: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    problems.push(`${label}: ${(error as Error).message}`);
  }
}

function at(value: unknown, dotted: string): unknown {
  return dotted
    .split(".")
    .reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), value);
}

const SEVERITIES = ["low", "medium", "high", "critical"];
const CATEGORIES = ["jurisdiction", "self-hosting", "budget", "classification", "input"];

/** The `check --format json` report as the contract describes it; every field is checked before it is trusted. */
interface ContractReport {
  tool?: { name?: unknown; version?: unknown };
  bundle?: { revision?: unknown };
  summary?: Record<string, unknown>;
  findings?: unknown;
}

function isCount(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/** The `check --format json` contract of DESIGN.md, field by field. */
function contractProblems(report: unknown): string[] {
  const problems: string[] = [];
  const r = report as ContractReport | null;
  const need = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  need(r?.tool?.name === "modelgate", "tool.name is modelgate");
  const version = r?.tool?.version;
  need(typeof version === "string" && /^\d+\.\d+\.\d+/.test(version), "tool.version is a semver");
  const revision = r?.bundle?.revision;
  need(typeof revision === "string" && revision.length > 0, "bundle.revision is a non-empty string");
  for (const key of ["files", "workloads", "findings", "waived", "errors"]) {
    need(isCount(r?.summary?.[key]), `summary.${key} is a count`);
  }
  const list: unknown = r?.findings;
  need(Array.isArray(list), "findings is a list");
  if (!Array.isArray(list)) return problems;
  const findings = (list as unknown[]).map(fieldsOf);
  need(r?.summary?.findings === findings.length, "summary.findings equals the number of findings");
  need(r?.summary?.waived === findings.filter((f) => f.waived === true).length, "summary.waived counts waived findings");
  findings.forEach((f, i) => {
    const where = `findings[${i}] (${JSON.stringify(f.ruleId)})`;
    need(typeof f.ruleId === "string" && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(f.ruleId), `${where}.ruleId is kebab-case`);
    need(typeof f.category === "string" && CATEGORIES.includes(f.category), `${where}.category is one of ${CATEGORIES.join("|")}`);
    need(typeof f.severity === "string" && SEVERITIES.includes(f.severity), `${where}.severity is one of ${SEVERITIES.join("|")}`);
    for (const key of ["title", "message", "file", "resource", "remediation"]) {
      const value = f[key];
      need(typeof value === "string" && value.length > 0, `${where}.${key} is a non-empty string`);
    }
    need(typeof f.pointer === "string", `${where}.pointer is a string`);
    need(isCount(f.line), `${where}.line is an integer`);
    need(isCount(f.column), `${where}.column is an integer`);
    need(f.category === "input" || (typeof f.line === "number" && f.line > 0), `${where}.line is > 0 for a rule finding`);
    need(typeof f.docsUrl === "string" && /^https:\/\//.test(f.docsUrl), `${where}.docsUrl is an https URL`);
    need(typeof f.waived === "boolean", `${where}.waived is a boolean`);
  });
  return problems;
}

function problemsOf(c: CliCase, run: RunResult): string[] {
  const problems: string[] = [];
  const shown = `\n--- stdout ---\n${run.stdout.slice(0, 3000)}\n--- stderr ---\n${run.stderr.slice(0, 3000)}`;
  if (run.error) problems.push(`could not run: ${run.error}`);
  if (run.timedOut) problems.push(`did not finish within ${c.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms (killed)`);
  if (c.maxMs !== undefined && run.ms > c.maxMs) problems.push(`took ${run.ms} ms, more than ${c.maxMs} ms`);
  if (c.exitCode !== null && run.status !== c.exitCode) {
    problems.push(`exit status ${run.status}${run.signal ? ` (signal ${run.signal})` : ""}, expected ${c.exitCode}${shown}`);
  }
  const includes = (stream: string, text: string, list: string[] | undefined, want: boolean): void => {
    for (const needle of list ?? []) {
      if (text.includes(needle) !== want) problems.push(`${stream} ${want ? "lacks" : "contains"} ${JSON.stringify(needle)}${shown}`);
    }
  };
  includes("stdout", run.stdout, c.stdoutIncludes, true);
  includes("stdout", run.stdout, c.stdoutExcludes, false);
  includes("stderr", run.stderr, c.stderrIncludes, true);
  includes("stderr", run.stderr, [...new Set([...(c.stderrExcludes ?? []), STACK_FRAME])], false);
  includes("stdout+stderr", run.stdout + run.stderr, c.outputIncludes, true);
  if (c.stdoutEquals !== undefined && run.stdout !== c.stdoutEquals) problems.push(`stdout is not exactly ${JSON.stringify(c.stdoutEquals)}${shown}`);

  const needsJson = c.json !== undefined || c.jsonContract || c.jsonArrays !== undefined || c.jsonFindingsInclude !== undefined;
  if (needsJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(run.stdout);
    } catch (error) {
      problems.push(`stdout is not one JSON value: ${(error as Error).message}${shown}`);
      return problems;
    }
    if (c.json !== undefined) attempt(problems, "json", () => expect(parsed).toMatchObject(c.json!));
    if (c.jsonContract) problems.push(...contractProblems(parsed).map((p) => `contract: ${p}`));
    for (const check of c.jsonArrays ?? []) {
      const list = at(parsed, check.path);
      if (!Array.isArray(list)) {
        problems.push(`${check.path} is not a list`);
        continue;
      }
      if (check.minItems !== undefined && list.length < check.minItems) problems.push(`${check.path} has ${list.length} items, fewer than ${check.minItems}`);
      (list as unknown[]).map(fieldsOf).forEach((item, i) => {
        for (const key of check.itemKeys ?? []) {
          const value = item[key];
          if (value === undefined || value === null) problems.push(`${check.path}[${i}].${key} is missing`);
        }
        for (const [key, allowed] of Object.entries(check.itemEnums ?? {})) {
          const value = item[key];
          if (typeof value !== "string" || !allowed.includes(value))
            problems.push(`${check.path}[${i}].${key} is ${JSON.stringify(value)}, not one of ${allowed.join("|")}`);
        }
      });
    }
    const findings = (parsed as { findings?: unknown[] } | null)?.findings ?? [];
    for (const partial of c.jsonFindingsInclude ?? []) {
      attempt(problems, `a finding like ${JSON.stringify(partial)}`, () =>
        expect(findings).toEqual(expect.arrayContaining([expect.objectContaining(partial)])),
      );
    }
  }
  if (c.writes !== undefined) {
    if (!existsSync(c.writes.path)) problems.push(`${c.writes.path} was not written`);
    else {
      attempt(problems, `contents of ${c.writes.path}`, () => expect(JSON.parse(readFileSync(c.writes!.path, "utf8"))).toMatchObject(c.writes!.json));
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------

const CASES = loadCases();
jest.setTimeout(DEFAULT_TIMEOUT_MS * 2);

describe("modelgate CLI", () => {
  beforeAll(() => {
    if (!existsSync(path.join(REPO, "dist", "src", "cli", "main.js"))) {
      throw new Error("dist/ is missing: run `npx tsc -p tsconfig.json` first");
    }
    GENERATED = mkdtempSync(path.join(os.tmpdir(), "modelgate-cli-"));
    writeGeneratedFixtures(GENERATED);
  });

  afterAll(() => {
    if (GENERATED) chmodSync(path.join(GENERATED, "with-locked", "locked"), 0o755);
    if (GENERATED) rmSync(GENERATED, { recursive: true, force: true });
  });

  it("has at least 20 cases, each with a valid case.json", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
    expect(CASES.flatMap((c) => c.shapeErrors.map((e) => `${c.name}: ${e}`))).toEqual([]);
  });

  it("lists only existing cases, each with a reason, in known-gaps.json", () => {
    const names = new Set(CASES.map((c) => c.name));
    expect(Object.keys(KNOWN_GAPS).filter((name) => !names.has(name))).toEqual([]);
    expect(Object.entries(KNOWN_GAPS).filter(([, reason]) => typeof reason !== "string" || reason.trim() === "")).toEqual([]);
  });

  for (const loaded of CASES) {
    const title = `${loaded.name}: ${loaded.raw.description ?? ""}`;
    const run = async (): Promise<string[]> => {
      const c = substitute(loaded.raw, loaded.dir);
      return [...loaded.shapeErrors, ...problemsOf(c, await runCase(c, loaded.dir))];
    };
    const gap = KNOWN_GAPS[loaded.name];
    if (typeof gap === "string") {
      it.todo(`${title} [known gap: ${gap}]`);
      it(`${loaded.name}: still fails as known-gaps.json says (remove the entry once this fails)`, async () => {
        expect((await run()).length).toBeGreaterThan(0);
      });
    } else {
      it(title, async () => {
        expect(await run()).toEqual([]);
      });
    }
  }
});
