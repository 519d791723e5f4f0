/** Helm template output and vLLM production-stack values (see test/helpers/cases.ts for the case format). */
import path from "node:path";
import { describeAdapterCases } from "../../helpers/cases";

describeAdapterCases("Helm inputs", path.join(__dirname, "cases"), 5);
