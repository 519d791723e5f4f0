/** Normalised the same way as lib.normalize_provider_name in Rego. */
export function normalizeProviderName(name: string): string {
  return name.replace(/[ .\-_]/g, "").toLowerCase();
}
