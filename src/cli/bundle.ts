import { existsSync } from "node:fs";
import path from "node:path";
import { ensureDefaultBundle } from "../bundle/ensure";
import { applyConfig, loadConfig } from "../config/load";
import { readBundle, type LoadedBundle } from "../engine/engine";
import { displayPath } from "../parse/discover";

export interface BundleOptions {
  bundle?: string;
  config?: string;
  cwd: string;
}

/** The project config named by --config, else ./modelgate.yaml when present. */
function configFile(options: BundleOptions): string | null {
  if (options.config) return path.resolve(options.cwd, options.config);
  const found = ["modelgate.yaml", "modelgate.yml"].map((name) => path.join(options.cwd, name)).find((file) => existsSync(file));
  return found ?? null;
}

/** The bundle the run evaluates: --bundle, or the default one rebuilt from current sources if stale. */
export function resolveBundle(options: BundleOptions): LoadedBundle {
  const bundle = readBundle(options.bundle ? path.resolve(options.cwd, options.bundle) : ensureDefaultBundle());
  const file = configFile(options);
  if (!file) return bundle;
  if (!existsSync(file)) throw new Error(`config file ${displayPath(file, options.cwd)} does not exist`);
  const display = displayPath(file, options.cwd);
  return { ...bundle, data: applyConfig(bundle.data, loadConfig(file, display), display) };
}
