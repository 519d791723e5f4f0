/** Environment variable naming the oldest pack version a verifier accepts (e.g. `2.3.0`). */
export const MIN_REVISION_ENV = "MODELGATE_MIN_BUNDLE_REVISION";

/** How long a pack signed by `modelgate bundle build` stays valid when no --expires is given. */
export const DEFAULT_VALID_DAYS = 180;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const VERSION = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

export interface FreshnessOptions {
  /** The oldest pack version accepted (semantic version, compared with the revision before `+`). */
  minRevision?: string;
  /** The day expiry is judged against (default: today in UTC). */
  today?: string;
}

export interface Freshness {
  /** Last day (UTC) the pack is valid, as it records it; null when it records none. */
  expires: string | null;
  /** Why the pack is refused (verify.ts throws it as a SignatureError); null when it is fresh. */
  refusal: string | null;
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A YYYY-MM-DD that is a real calendar day. */
export function isDay(text: string): boolean {
  if (!DATE.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/** Semantic-version order of two `x.y.z[-pre]` strings; a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const pa = VERSION.exec(a)!;
  const pb = VERSION.exec(b)!;
  for (let i = 1; i <= 3; i++) if (Number(pa[i]) !== Number(pb[i])) return Number(pa[i]) - Number(pb[i]);
  if (pa[4] === pb[4]) return 0;
  if (pa[4] === undefined) return 1;
  if (pb[4] === undefined) return -1;
  return pa[4].localeCompare(pb[4]);
}

export function isVersion(text: string): boolean {
  return VERSION.test(text);
}

/**
 * Rollback protection for a verified bundle: a signature proves who built a pack, not that it is
 * the current one, so an old signed pack (with a rule since fixed, or data since tightened) would
 * verify forever. A pack records the last day it is valid in its signed .manifest
 * (`metadata.modelgate.expires`), and a verifier may name the oldest version it accepts; a pack
 * past its expiry or older than that minimum is refused, and so is one that records no expiry
 * when no minimum is configured: nothing would then stop a replay.
 */
export function checkFreshness(manifestBytes: Buffer | undefined, where: string, options: FreshnessOptions): Freshness {
  let manifest: { revision?: unknown; metadata?: { modelgate?: { expires?: unknown } } } = {};
  try {
    manifest = manifestBytes ? (JSON.parse(manifestBytes.toString("utf8")) as typeof manifest) : {};
  } catch {
    return { expires: null, refusal: `bundle ${where}: .manifest is not valid JSON` };
  }
  const refuse = (refusal: string): Freshness => ({ expires: null, refusal });
  const expires = manifest.metadata?.modelgate?.expires;
  if (expires !== undefined && (typeof expires !== "string" || !isDay(expires))) {
    return refuse(`bundle ${where}: .manifest metadata.modelgate.expires must be a YYYY-MM-DD day, got ${JSON.stringify(expires)}`);
  }
  const today = options.today ?? todayUtc();
  if (typeof expires === "string" && today > expires) {
    return refuse(`bundle ${where} expired on ${expires}: a signed pack past its expiry is refused so an older one cannot be replayed; use the current pack`);
  }
  if (options.minRevision !== undefined) {
    const revision = typeof manifest.revision === "string" ? manifest.revision : "";
    const version = revision.split("+")[0] ?? "";
    if (!isVersion(version))
      return refuse(`bundle ${where} has revision ${JSON.stringify(revision)}, not a semantic version to compare with the minimum ${options.minRevision}`);
    if (compareVersions(version, options.minRevision) < 0) {
      return refuse(
        `bundle ${where} is revision ${revision}, older than the minimum ${options.minRevision} (${MIN_REVISION_ENV} or --min-revision): an older signed pack is refused`,
      );
    }
  } else if (expires === undefined) {
    return refuse(
      `bundle ${where} records no expiry (metadata.modelgate.expires in .manifest) and no minimum revision is configured, so an older signed pack could be replayed: ` +
        `rebuild it with \`modelgate bundle build --signing-key\` (which records one) or set ${MIN_REVISION_ENV}`,
    );
  }
  return { expires: typeof expires === "string" ? expires : null, refusal: null };
}
