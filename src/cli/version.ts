import { readFileSync } from "node:fs";
import path from "node:path";
import { paths } from "../paths";

export function toolVersion(): string {
  return (JSON.parse(readFileSync(path.join(paths.root, "package.json"), "utf8")) as { version: string }).version;
}
