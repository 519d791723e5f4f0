// Builds the default rule bundle from the current Rego and data sources when it is missing or stale.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { ensureDefaultBundle } = require("../dist/src/bundle/ensure.js");
ensureDefaultBundle();
