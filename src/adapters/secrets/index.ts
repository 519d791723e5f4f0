/**
 * Secret and config templates: External Secrets `ExternalSecret` / `ClusterExternalSecret`, Bitnami
 * `SealedSecret` and Kustomize `secretGenerator` / `configMapGenerator`. None of them is a workload:
 * the Secret or ConfigMap each produces is put in the scan index (src/adapters/core/scan-index.ts)
 * and joins the workloads that load it, which carry its facts as routes. The adapter only claims
 * these documents (they are read, not unrecognised) and reports what in them cannot be read.
 * SOPS-encrypted Secrets are plain Secrets to the index, their encrypted values unresolved.
 */

import { sourceAt, type Adapter, type Claimed } from "../core/types";
import { isSecretProducer, producedBy, type Produced } from "../core/produced-sources";

export { hasSopsMetadata, isSecretProducer, isSopsEncrypted, producedBy, type Produced, type ProducedSource } from "../core/produced-sources";

export const secretTemplatesAdapter: Adapter<Produced> = {
  name: "secret-templates",
  claim: (doc) => {
    const produced = producedBy(doc);
    return produced === null ? null : { doc, value: produced };
  },
  adapt: ({ doc, value }: Claimed<Produced>) => ({
    documents: [],
    problems: value.problems.map((problem) => ({ message: problem.message, source: sourceAt(doc, problem.pointer) })),
  }),
  // every workload that loads the Secret or ConfigMap it produces joins it, in whichever shard
  joins: isSecretProducer,
};
