import { CANONICAL_API_VERSION, emptyLimits } from "../../model/canonical";
import type { ParsedDocument } from "../../parse/document";
import { describeSchemaErrors, validator } from "../../schemas";
import { isKubeObject } from "../kubernetes/objects";
import { sourceAt, type Adapter, type AdapterOutput } from "../types";

/**
 * WorkloadClassification documents are applied by the classification resolver; this adapter only
 * turns an invalid one into a document carrying its schema errors, so it is reported, not ignored.
 */
export const classificationDocumentAdapter: Adapter = {
  name: "workload-classification",
  matches: (doc: ParsedDocument) => isKubeObject(doc.value) && doc.value.kind === "WorkloadClassification" && doc.value.apiVersion.startsWith("modelgate.dev/"),
  adapt(doc: ParsedDocument): AdapterOutput {
    const validate = validator("workload-classification");
    if (validate(doc.value)) return { documents: [], problems: [] };
    const value = doc.value as { metadata?: { name?: unknown } };
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
};
