/**
 * Which adapter of the registry claims which sample document, and which later adapters would also
 * claim it: where `alsoClaimable` is not empty the registry's order decides. Cases are in
 * claims.json: `{name, value, file?, claimedBy: adapter name | null, alsoClaimable?: [adapter names]}`
 * (`file` for formats recognised by file name, such as Terraform's `.tf.json`).
 */

import { readFileSync } from "node:fs";
import path from "node:path";
import { ADAPTERS } from "../../../src/adapters/registry";
import { isJoinable } from "../../../src/adapters/core/scan-index";
import { positionlessDocument } from "../../../src/parse/document";
import { CATALOG } from "../../helpers/catalog";

interface Case {
  name: string;
  value: unknown;
  file?: string;
  claimedBy: string | null;
  alsoClaimable?: string[];
}

const cases = JSON.parse(readFileSync(path.join(__dirname, "claims.json"), "utf8")) as Case[];

function claimers(value: unknown, file = "sample.json"): string[] {
  const doc = positionlessDocument(file, 0, value);
  return ADAPTERS.filter((adapter) => adapter.claim(doc, CATALOG) !== null).map((adapter) => adapter.name);
}

describe("registry order", () => {
  test("adapter names are unique", () => {
    expect(new Set(ADAPTERS.map((adapter) => adapter.name)).size).toBe(ADAPTERS.length);
  });

  test("every adapter claims at least one sample", () => {
    const claimed = new Set(cases.map((c) => c.claimedBy));
    expect(ADAPTERS.map((adapter) => adapter.name).filter((name) => !claimed.has(name))).toEqual([]);
  });

  test.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const [first = null, ...rest] = claimers(c.value, c.file);
    expect({ claimedBy: first, alsoClaimable: rest }).toEqual({ claimedBy: c.claimedBy, alsoClaimable: c.alsoClaimable ?? [] });
  });
});

/**
 * Documents some adapter joins with, which a scan split into shards gives every shard: the union
 * of the adapters' own `joins`. Cases in joins.json: `{name, value, joined}`.
 */
const joinCases = JSON.parse(readFileSync(path.join(__dirname, "joins.json"), "utf8")) as Array<{ name: string; value: unknown; joined: boolean }>;

describe("joins declared by the adapters", () => {
  test.each(joinCases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    expect(isJoinable(c.value, CATALOG, ADAPTERS)).toBe(c.joined);
  });

  test("without the adapter that declares a join, the document is not shared", () => {
    const kongPlugin = joinCases.find((c) => c.name === "a KongConsumer")!.value;
    expect(
      isJoinable(
        kongPlugin,
        CATALOG,
        ADAPTERS.filter((adapter) => adapter.name !== "kong-plugin"),
      ),
    ).toBe(false);
  });
});
