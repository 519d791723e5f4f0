import { resolveBundle } from "./bundle";

/** `modelgate rules`: the rule catalogue of the bundle in use, as a table or JSON. */
export function runRules(options: { format: "text" | "json"; bundle?: string; cwd: string }): number {
  const { catalog, revision } = resolveBundle({ bundle: options.bundle, cwd: options.cwd, config: undefined });
  if (options.format === "json") {
    process.stdout.write(JSON.stringify({ bundle: { revision }, rules: catalog.rules }, null, 2) + "\n");
    return 0;
  }
  const rows: string[][] = [["ID", "CATEGORY", "SEVERITY", "TITLE"]];
  for (const rule of catalog.rules) {
    rows.push([rule.id + (rule.disabledByDefault ? " (off by default)" : ""), rule.category, rule.severity, rule.title]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows) process.stdout.write(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] + 2))).join("") + "\n");
  return 0;
}
