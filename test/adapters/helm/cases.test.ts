/** Helm template output and vLLM production-stack values (see ../egress/fixtures.ts for the case format). */
import path from "node:path";
import { describeCases } from "../egress/fixtures";

describeCases("Helm inputs", path.join(__dirname, "cases"), 5);
