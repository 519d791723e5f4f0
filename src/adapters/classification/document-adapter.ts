import { CANONICAL_API_VERSION, emptyLimits } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { describeSchemaErrors, validator } from "../../schemas";
import { isKubeObject, type KubeObject } from "../core/objects";
import { joinsKinds } from "../core/scan-index";
import { sourceAt, type Adapter, type AdapterOutput, type Claimed } from "../core/types";

/**
 * WorkloadClassification documents are applied by the classification resolver; this adapter only
 * turns an invalid one into a document carrying its schema errors, so it is reported, not ignored.
 */
export const classificationDocumentAdapter: Adapter<KubeObject> = {
  name: "workload-classification",
  claim: (doc: ParsedDocument) =>
    isKubeObject(doc.value) && doc.value.kind === "WorkloadClassification" && doc.value.apiVersion.startsWith("modelgate.dev/")
      ? { doc, value: doc.value }
      : null,
  adapt({ doc, value }: Claimed<KubeObject>): AdapterOutput {
    const validate = validator("workload-classification");
    const valid: boolean = validate(value);
    if (valid) return { documents: [], problems: [] };
    const name = typeof value.metadata?.name === "string" ? value.metadata.name : doc.file;
    return {
      problems: [],
      documents: [
        {
          apiVersion: CANONICAL_API_VERSION,
          kind: "LLMUsage",
          workload: { kind: "WorkloadClassification", name, namespace: null, resource: `WorkloadClassification/${name}`, source: sourceAt(doc, "") },
          classification: null,
          classificationSource: null,
          classificationErrors: describeSchemaErrors(validate.errors).map((error) => ({
            message: `WorkloadClassification${error.pointer} ${error.message}`,
            source: sourceAt(doc, error.pointer),
          })),
          routes: [],
          servers: [],
          limits: emptyLimits(),
          problems: [],
        },
      ],
    };
  },
  // every adapter's classification reads WorkloadClassification documents and Namespace labels
  joins: joinsKinds("WorkloadClassification", "Namespace"),
};
