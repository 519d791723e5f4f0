/** Kong decK adapter cases (see test/helpers/cases.ts for the case format). */
import path from "node:path";
import { describeAdapterCases } from "../../helpers/cases";

describeAdapterCases("Kong decK adapter", path.join(__dirname, "cases"), 8);
