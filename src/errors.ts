/**
 * The one base class of every error a user can cause and fix: a bad flag, file, config, bundle, key
 * or tool. The CLI prints its message and exits 2; anything else that escapes is a bug in modelgate
 * and is reported as an internal error. This module sits at the bottom layer and imports nothing.
 */

/** DESIGN.md's exit code for a usage, config or input error. */
export const ERROR_EXIT_CODE = 2;

/** What the user has to fix: a flag, an input file, the project config, a catalogue, a bundle, a key, a baseline or a tool. */
export type ErrorKind = "usage" | "input" | "config" | "catalog" | "bundle" | "key" | "baseline" | "tool";

/** Where the problem is, when it is in one file; `line` and `column` are 1-based. */
export interface ErrorContext {
  file?: string;
  line?: number;
  column?: number;
  /** JSON pointer of the offending value inside `file`. */
  pointer?: string;
}

export class ModelgateError extends Error {
  readonly exitCode = ERROR_EXIT_CODE;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly context: ErrorContext = {},
  ) {
    super(message);
    // The subclass's name, so `String(error)` and stack traces say SignatureError rather than Error.
    this.name = new.target.name;
  }
}

/**
 * A rule bundle that cannot be read, verified or loaded. It lives here rather than in bundle/ because
 * signing/ (below bundle/) and engine/ (above it) throw it too.
 */
export class BundleError extends ModelgateError {
  constructor(message: string, context: ErrorContext = {}) {
    super("bundle", message, context);
  }
}

/**
 * One readable message for anything thrown: the opa-wasm runtime throws strings, plain objects
 * ({message}), RangeErrors and Errors depending on where evaluation failed.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  if (typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string") {
    return (error as { message: string }).message;
  }
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
