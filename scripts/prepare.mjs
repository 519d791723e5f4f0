// Runs on `npm ci` / `npm install`: compiles the TypeScript, builds the pinned opa from
// tools/go.mod when it is not already on PATH, and compiles the rule bundle from the Rego sources.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.json")], { stdio: "inherit", cwd: root });
const { ensureDefaultBundle } = require(path.join(root, "dist/src/bundle/ensure.js"));
const dir = ensureDefaultBundle();
process.stdout.write(`modelgate: rule bundle ready in ${path.relative(root, dir)}\n`);
