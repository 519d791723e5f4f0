/**
 * Kubernetes and KServe adapter cases (see test/helpers/cases.ts for the case format). File names
 * in expected.json are relative to the case folder; positions are resolved as reporters show them.
 */
import path from "node:path";
import { describeAdapterCases } from "../../helpers/cases";

describeAdapterCases("kubernetes adapters", path.join(__dirname, "cases"), 20);
