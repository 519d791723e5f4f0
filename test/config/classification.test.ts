/**
 * Classification by path (modelgate.yaml `classification.paths`) and its precedence, one folder per
 * case under classification-cases/: the files scanned, their modelgate.yaml, and expected.json in
 * the adapter case format (test/helpers/cases.ts). Adding a case needs no test code.
 */
import path from "node:path";
import { describeAdapterCases } from "../helpers/cases";

describeAdapterCases("classification.paths", path.join(__dirname, "classification-cases"), 1);
