/** Envoy AI Gateway adapter cases (see test/helpers/cases.ts for the case format). */
import path from "node:path";
import { describeAdapterCases } from "../../helpers/cases";

describeAdapterCases("Envoy AI Gateway adapter", path.join(__dirname, "cases"), 6);
