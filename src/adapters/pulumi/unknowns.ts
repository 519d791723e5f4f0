/**
 * Values Pulumi cannot know during preview. The engine sends them as sentinel strings; the
 * @pulumi/policy SDK wraps resource properties in a proxy that throws `UnknownValueError` when a
 * policy touches one, and turns that error into an advisory "can't run policy during preview"
 * diagnostic, which would silently downgrade a mandatory rule. Modelgate never lets the proxy
 * throw: it copies the properties into plain data first, replacing each unknown with a marker the
 * adapters keep as an unresolved value, so the rules see it and report it explicitly.
 */

/** The sentinels of @pulumi/pulumi's RPC layer (sdk/nodejs/runtime/rpc.ts) for values unknown during preview. */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/**
 * What an unknown string becomes in the copied properties: an indirection the endpoint
 * normaliser keeps as unresolved (like `${VAR}`), recognised afterwards by `isUnknownText`.
 */
export const UNKNOWN_TEXT = "${pulumi.unknown}";

/** The reason attached to anything that depends on an unknown value. */
export const UNKNOWN_REASON = "computed from another resource's output, so it is unknown during preview; Modelgate checks it again when the update runs";

export function isUnknownText(text: string): boolean {
  return text.includes(UNKNOWN_TEXT);
}

/** Property values as plain JSON, with where the unknown values were (RFC 6901 pointers into the properties). */
export interface Materialized {
  value: Record<string, unknown>;
  /** Pointers of unknown values of any type. */
  unknowns: string[];
  /** Pointers of unknown arrays and objects: their whole content is missing, not just one string. */
  unknownCollections: string[];
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

function escape(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function isUnknownError(error: unknown): boolean {
  return error instanceof Error && error.constructor.name === "UnknownValueError";
}

/**
 * Copies resource properties, whether a plain object, a parsed plan file or the SDK's
 * unknown-checking proxy, into plain data. Each property is read on its own, so one unknown value
 * never hides the rest of the resource. Secrets (plan files keep them in the signature form) are
 * unwrapped; assets and archives are kept as their plain fields.
 */
export function materialize(props: unknown): Materialized {
  const unknowns: string[] = [];
  const unknownCollections: string[] = [];
  const seen = new Set<unknown>();
  const copy = (node: unknown, pointer: string, depth: number): unknown => {
    if (typeof node === "string") {
      if (UNKNOWN_SENTINELS.has(node)) {
        unknowns.push(pointer);
        if (node === "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2" || node === "dd056dcd-154b-4c76-9bd3-c8f88648b5ff") {
          unknownCollections.push(pointer);
          return node === "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2" ? [] : {};
        }
        return UNKNOWN_TEXT;
      }
      return node;
    }
    if (node === null || typeof node !== "object") return node;
    if (depth > 64 || seen.has(node)) return null;
    seen.add(node);
    try {
      if (Array.isArray(node)) {
        const out: unknown[] = [];
        for (let index = 0; index < node.length; index++) out.push(read(node, index, `${pointer}/${index}`, depth));
        return out;
      }
      const record = node as Record<string, unknown>;
      if (record[SIG_KEY] === SECRET_SIG) return copy(record.value, pointer, depth + 1);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(record)) out[key] = read(record, key, `${pointer}/${escape(key)}`, depth);
      return out;
    } finally {
      seen.delete(node);
    }
  };
  const read = (container: object, key: string | number, pointer: string, depth: number): unknown => {
    let child: unknown;
    try {
      child = (container as Record<string | number, unknown>)[key];
    } catch (error) {
      if (!isUnknownError(error)) throw error;
      const sentinel = (error as { unknownTypeSentinel?: unknown }).unknownTypeSentinel;
      if (typeof sentinel === "string" && UNKNOWN_SENTINELS.has(sentinel)) return copy(sentinel, pointer, depth + 1);
      unknowns.push(pointer);
      return UNKNOWN_TEXT;
    }
    return copy(child, pointer, depth + 1);
  };
  const value = copy(props, "", 0);
  return {
    value: value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {},
    unknowns,
    unknownCollections,
  };
}
