/**
 * The residual sweep over a Pulumi stack, resource by resource: every input of every resource,
 * of any type (an unrecognised one too), is read for operator references, and what the stack's
 * adapted documents do not account for becomes a sighting. `modelgate check plan.json` and the
 * pack's validateStack both call this with the same resources, so they report the same sightings.
 */

import type { LlmUsageDocument, Sighting } from "../../model/canonical";
import { positionlessDocument, type ParsedDocument } from "../../parse/document";
import { isRecord } from "../core/objects";
import { documentSubject, strayDocument, workloadSightingDocument } from "../../sweep/documents";
import { coverageOf, CoverageIndex, sightingsOf, sweepValue } from "../../sweep/sweep";
import { groupByOwner, ownerFinder } from "../../sweep/pending";
import { ScanIndex } from "../core/scan-index";
import type { Adapter, AdapterOutput, AdapterSettings } from "../core/types";
import { effectiveType, isKubernetesType, resourceSource, typeKey, type PulumiAdapterOptions, type PulumiResource } from "./resource";
import { kubeObject } from "./index";
import { labelsFrom, withStackClassification } from "./workload";

/** A cloud resource as an object with the label contract's labels, from its tags (AWS, Azure) or labels (GCP), as its adapters read them. */
function classifiedByTags(resource: PulumiResource): ParsedDocument {
  const props = isRecord(resource.props) ? resource.props : {};
  const field = isRecord(props.tags) ? "tags" : "labels";
  const labels = Object.fromEntries(labelsFrom(resource, `/${field}`, props[field]).map((label) => [label.key, label.value]));
  return positionlessDocument(resource.file, resource.document, { kind: typeKey(resource.type), metadata: { name: resource.name, labels } });
}

/** The sighting documents of a stack, given every resource and what the adapters made of them. */
export function sweepStack(
  resources: readonly PulumiResource[],
  adapted: AdapterOutput,
  settings: AdapterSettings,
  options: PulumiAdapterOptions,
  adapters: readonly Adapter[],
): LlmUsageDocument[] {
  const catalog = settings.catalog;
  const coverage = new CoverageIndex();
  const covered = coverageOf(adapted, catalog);
  coverage.add(covered.coverage);
  coverage.addReach(covered.reach);
  const isKube = (resource: PulumiResource): boolean => isKubernetesType(effectiveType(resource, options));
  const valueOf = (resource: PulumiResource): unknown => (isKube(resource) ? kubeObject(resource, effectiveType(resource, options)) : resource.props);
  const kubeDocs = resources.filter(isKube).map((resource) => positionlessDocument(resource.file, resource.document, valueOf(resource)));
  const ctx = { index: new ScanIndex(kubeDocs), settings: withStackClassification(settings, options), adapters };
  const out: LlmUsageDocument[] = [];
  for (const resource of resources) {
    const references = sweepValue(resource.props, catalog).map((reference) => ({ ...reference, pointer: resource.pointerPrefix + reference.pointer }));
    if (references.length === 0) continue;
    const ownerOf = ownerFinder(adapted.documents, resource.file, resource.document, resource.pointerPrefix);
    const doc = positionlessDocument(resource.file, resource.document, valueOf(resource));
    const namespace = isKube(resource) ? documentSubject(doc).namespace : null;
    const unaccounted = references.filter((reference) => {
      const owner = ownerOf(reference.pointer);
      return !coverage.accountsAt({ file: resource.file, document: resource.document, owner: owner?.workload.resource ?? null, namespace }, reference, catalog);
    });
    const groups = groupByOwner(unaccounted, ownerOf);
    for (const [owner, group] of groups) {
      const sightings: Sighting[] = sightingsOf(group, (pointer) => resourceSource(resource, pointer.slice(resource.pointerPrefix.length)));
      if (owner) {
        out.push(workloadSightingDocument(owner, sightings));
        continue;
      }
      const stray = strayDocument(isKube(resource) ? doc : classifiedByTags(resource), ctx, sightings);
      // a cloud resource is named as its adapters name workloads: by type and Pulumi name
      if (!isKube(resource)) {
        stray.workload = {
          kind: typeKey(resource.type),
          name: resource.name,
          namespace: null,
          resource: `${typeKey(resource.type)}/${resource.name}`,
          source: resourceSource(resource, ""),
        };
      } else {
        stray.workload = { ...stray.workload, source: resourceSource(resource, "") };
      }
      out.push(stray);
    }
  }
  return out;
}
