// The engine tests need the compiled bundle; build it once from the current Rego sources.
const { execFileSync } = require("node:child_process");
const path = require("node:path");

module.exports = async () => {
  if (process.env.MODELGATE_SKIP_BUNDLE_BUILD === "1") return;
  execFileSync(process.execPath, [path.join(__dirname, "..", "scripts", "ensure-bundle.mjs")], { stdio: "inherit" });
};
