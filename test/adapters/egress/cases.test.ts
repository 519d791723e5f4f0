/** Egress objects and in-cluster indirection (see ./fixtures.ts for the case format). */
import path from "node:path";
import { describeCases } from "./fixtures";

describeCases("egress and indirection", path.join(__dirname, "cases"), 10);
