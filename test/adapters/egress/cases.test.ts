/** Egress objects and in-cluster indirection (see test/helpers/cases.ts for the case format). */
import path from "node:path";
import { describeAdapterCases } from "../../helpers/cases";

describeAdapterCases("egress and indirection", path.join(__dirname, "cases"), 10);
