/**
 * The Modelgate CrossGuard policy pack. `pulumi preview --policy-pack packs/modelgate` starts this
 * file (compiled to dist/ by build.mjs, so the pack starts without type-checking), which serves one
 * policy per rule of the Modelgate rule bundle over the Pulumi analyzer protocol.
 */

import { PolicyPack } from "@pulumi/policy";
import { readBundle } from "../../src/bundle/read";
import { paths } from "../../src/paths";
import { PulumiEvaluator } from "../../src/pulumi/core";
import { modelgatePolicies } from "../../src/pulumi/policies";

/** MODELGATE_BUNDLE replaces the shipped bundle for the whole pack, so an extended bundle's extra rules become policies too. */
const bundle = readBundle(process.env.MODELGATE_BUNDLE ?? paths.bundleDir);
const evaluator = new PulumiEvaluator(bundle);

new PolicyPack("modelgate", {
  description: "Which LLMs infrastructure may call, who operates them and what they may cost (Modelgate).",
  enforcementLevel: "advisory",
  policies: modelgatePolicies({ evaluator, packDir: process.cwd() }),
});
