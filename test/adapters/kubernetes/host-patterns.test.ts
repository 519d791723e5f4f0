/**
 * Every `hostPatterns` entry of the catalogue names API hosts no exact host list holds (a region or
 * resource name sits in the host): a URL on such a host is an LLM endpoint wherever it is written,
 * under a variable name that says nothing about LLMs too, and reaches the pattern's operator.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadCatalogs } from "../../../src/catalog/load";
import { adaptParsed, parseFiles } from "../../helpers/cases";
import { CATALOG } from "../../helpers/catalog";

/** A host the pattern matches: `*` stands for one label's worth of text, `**` for two labels. */
function instance(pattern: string): string {
  return pattern.replace(/\*\*/g, "eu9.west4").replace(/\*/g, "eu-central-1");
}

const PATTERNS = loadCatalogs().providers.operators.flatMap((op) => (op.hostPatterns ?? []).map((pattern) => ({ operator: op.id, pattern })));

function manifest(host: string): string {
  return [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata: {name: report-writer, namespace: finance}",
    "spec:",
    "  selector: {matchLabels: {app: report-writer}}",
    "  template:",
    "    metadata: {labels: {app: report-writer}}",
    "    spec:",
    "      containers:",
    "        - name: app",
    "          image: ghcr.io/acme/report-writer:1.4.2",
    "          env:",
    "            - name: UPSTREAM_TARGET",
    `              value: https://${host}/v1`,
    "",
  ].join("\n");
}

describe("catalogue host patterns under a neutral variable name", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "modelgate-host-patterns-"));

  it("covers every pattern of the catalogue", () => {
    expect(PATTERNS.length).toBeGreaterThanOrEqual(10);
  });

  it.each(PATTERNS)("$pattern ($operator)", async ({ operator, pattern }) => {
    const host = instance(pattern);
    expect(CATALOG.hosts.has(host)).toBe(false);
    expect(CATALOG.operatorOfHost(host)?.id).toBe(operator);
    const file = `${pattern.replace(/[^a-z0-9]+/gi, "_")}.yaml`;
    writeFileSync(path.join(dir, file), manifest(host));
    const { parsed, errors } = await parseFiles(dir, [file]);
    expect(errors).toEqual([]);
    const hosts = adaptParsed(dir, parsed).documents.flatMap((document) => document.routes.map((route) => route.endpoint?.host));
    expect(hosts).toContain(host);
  });
});
