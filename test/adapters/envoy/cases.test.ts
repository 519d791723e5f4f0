/** Envoy AI Gateway adapter cases (see ../egress/fixtures.ts for the case format). */
import path from "node:path";
import { describeCases } from "../egress/fixtures";

describeCases("Envoy AI Gateway adapter", path.join(__dirname, "cases"), 6);
