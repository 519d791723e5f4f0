/**
 * Where kustomize and Flux deploy a file, from the kustomizations and Flux Kustomizations of a
 * repository: one row per layout, the documents of the layout and the namespace each file gets.
 */
import path from "node:path";
import { applyNamespace, DeployedNamespaces, namespaceRuleOf } from "../../src/scan/deployed-namespaces";
import { positionlessDocument } from "../../src/parse/document";

const ROOT = "/repo";

interface Row {
  name: string;
  /** Repository-relative file → its document. */
  sources: Record<string, unknown>;
  /** Repository-relative file → the namespace expected, or null. */
  expect: Record<string, string | null>;
}

const kustomization = (namespace: string | undefined, resources: string[]): unknown => ({
  apiVersion: "kustomize.config.k8s.io/v1beta1",
  kind: "Kustomization",
  ...(namespace !== undefined ? { namespace } : {}),
  resources,
});

const ROWS: Row[] = [
  {
    name: "a kustomization's namespace reaches the files it lists and the folders it lists, through their own kustomizations",
    sources: {
      "apps/ai/kustomization.yaml": kustomization("ai", ["./namespace.yaml", "./litellm"]),
      "apps/ai/litellm/kustomization.yaml": kustomization(undefined, ["./app"]),
      "apps/ai/litellm/app/kustomization.yaml": kustomization(undefined, ["./helmrelease.yaml"]),
    },
    expect: {
      "apps/ai/namespace.yaml": "ai",
      "apps/ai/litellm/app/helmrelease.yaml": "ai",
      "apps/ai/other.yaml": null,
      "apps/ai/litellm/app/unlisted.yaml": null,
    },
  },
  {
    name: "the outermost kustomization wins, as kustomize applies it last",
    sources: {
      "k/kustomization.yaml": kustomization("outer", ["./inner"]),
      "k/inner/kustomization.yaml": kustomization("inner", ["deploy.yaml"]),
    },
    expect: { "k/inner/deploy.yaml": "outer" },
  },
  {
    name: "a kustomization that does not list a folder does not reach it",
    sources: {
      "kustomization.yaml": kustomization("flux-system", ["./flux"]),
      "apps/kustomization.yaml": kustomization("apps", ["./deploy.yaml"]),
    },
    expect: { "apps/deploy.yaml": "apps", "flux/x.yaml": "flux-system" },
  },
  {
    name: "a Flux Kustomization's targetNamespace covers its path, the deepest path first, over kustomize",
    sources: {
      "apps/ai/llmkube/models.ks.yaml": {
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        metadata: { name: "models" },
        spec: { path: "./apps/ai/llmkube/models", targetNamespace: "ai" },
      },
      "apps/ks.yaml": {
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        metadata: { name: "apps" },
        spec: { path: "./apps", targetNamespace: "default" },
      },
      "apps/ai/llmkube/models/kustomization.yaml": kustomization("ignored", ["./model.yaml"]),
    },
    expect: { "apps/ai/llmkube/models/model.yaml": "ai", "apps/media/plex.yaml": "default", "cluster/x.yaml": null },
  },
  {
    name: "a Flux Kustomization without a target namespace takes its kustomization's namespace when that one carries replacements (the cluster template's copy)",
    sources: {
      "apps/main/llm/kustomization.yaml": {
        ...(kustomization("llm", ["./litellm.yaml"]) as object),
        replacements: [{ path: "../../components/replacements/ks.yaml" }],
      },
      "apps/main/llm/litellm.yaml": {
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        metadata: { name: "litellm" },
        spec: { path: "./apps/base/llm/litellm" },
      },
      "apps/main/media/kustomization.yaml": kustomization("media", ["./plex.yaml"]),
      "apps/main/media/plex.yaml": {
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        metadata: { name: "plex" },
        spec: { path: "./apps/base/media/plex" },
      },
    },
    expect: { "apps/base/llm/litellm/litellmproxy.yaml": "llm", "apps/base/media/plex/helmrelease.yaml": null },
  },
  {
    name: "names that are not DNS labels, remote resources and Flux Kustomizations without a path set nothing",
    sources: {
      "a/kustomization.yaml": kustomization("${NAMESPACE}", ["./x.yaml"]),
      "b/kustomization.yaml": kustomization("b", ["github.com/org/repo//base?ref=v1", "https://example.com/x.yaml"]),
      "c/ks.yaml": { apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", spec: { targetNamespace: "c" } },
    },
    expect: { "a/x.yaml": null, "b/x.yaml": null, "c/x.yaml": null },
  },
];

describe("deployed namespaces", () => {
  test.each(ROWS.map((row) => [row.name, row] as const))("%s", (_, row) => {
    const rules = Object.entries(row.sources).flatMap(([file, value]) => namespaceRuleOf(value, file, path.join(ROOT, file), [ROOT]) ?? []);
    const namespaces = new DeployedNamespaces(rules);
    const got = Object.fromEntries(Object.keys(row.expect).map((file) => [file, namespaces.namespaceOf(path.join(ROOT, file))]));
    expect(got).toEqual(row.expect);
  });

  test.each([
    ["a Deployment without a namespace", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" } }, "ai"],
    [
      "a Deployment with another namespace (kustomize overwrites it)",
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x", namespace: "old" } },
      "ai",
    ],
    ["a Namespace (cluster-scoped)", { apiVersion: "v1", kind: "Namespace", metadata: { name: "ai" } }, undefined],
    ["a ClusterRole", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "r" } }, undefined],
    ["a Secret without metadata", { apiVersion: "v1", kind: "Secret" }, "ai"],
  ])("applies to %s", (_, value, expected) => {
    applyNamespace(positionlessDocument("x.yaml", 0, value), "ai");
    expect((value as { metadata?: { namespace?: string } }).metadata?.namespace).toBe(expected);
  });

  test("a config file a generator packs carries the namespace beside its value", () => {
    const doc = positionlessDocument("config.yaml", 0, { model_list: [] });
    applyNamespace(doc, "ai");
    expect([doc.deployedNamespace, doc.value]).toEqual(["ai", { model_list: [] }]);
  });
});
