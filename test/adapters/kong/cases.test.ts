/** Kong decK adapter cases (see ../egress/fixtures.ts for the case format). */
import path from "node:path";
import { describeCases } from "../egress/fixtures";

describeCases("Kong decK adapter", path.join(__dirname, "cases"), 8);
