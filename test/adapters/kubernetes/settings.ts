import { catalogSettings } from "../../helpers/catalog";
import type { AdapterSettings } from "../../../src/adapters/core/types";

/** Adapter settings of the Kubernetes adapter tests: a dozen real operator hosts and provider variables. */
export const settings: AdapterSettings = catalogSettings;
