/**
 * A Pulumi stack config value, which may be the object itself or the object as JSON text depending
 * on where it was read (the pack's config, a plan file's recorded config). `unparsable` is text
 * that is not JSON, for the caller to report in its own words.
 */
export function stackConfigValue(raw: unknown): { value: unknown } | { unparsable: string } {
  if (typeof raw !== "string") return { value: raw };
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch {
    return { unparsable: raw };
  }
}
