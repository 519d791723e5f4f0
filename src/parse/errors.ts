import { ModelgateError } from "../errors";

/** A file that could not be read or parsed; becomes an `invalid-input` finding and exit code 2. */
export class InputError extends ModelgateError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super("input", message, { file, line, column });
  }

  /** "file:line:col: message", the shape editors and CI logs link. */
  override toString(): string {
    return `${this.file}:${this.line}:${this.column}: ${this.message}`;
  }
}
