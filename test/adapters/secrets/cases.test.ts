/**
 * Secret and config template cases (see test/helpers/cases.ts for the case format): ExternalSecret,
 * ClusterExternalSecret, SealedSecret, SOPS-encrypted Secrets and Kustomize generators, each with
 * the workload that loads what it produces.
 */
import path from "node:path";
import { describeAdapterCases } from "../../helpers/cases";

describeAdapterCases("secret and config templates", path.join(__dirname, "cases"), 7);
