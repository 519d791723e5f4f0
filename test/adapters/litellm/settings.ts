import { catalogSettings } from "../../helpers/catalog";
import type { AdapterSettings } from "../../../src/adapters/core/types";

/** Adapter settings for the LiteLLM cases: no internal domains, no default classification. */
export const settings: AdapterSettings = catalogSettings;
