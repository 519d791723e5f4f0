/** A file that could not be read or parsed; becomes an `invalid-input` finding and exit code 2. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
    this.name = "InputError";
  }

  /** "file:line:col: message", the shape editors and CI logs link. */
  override toString(): string {
    return `${this.file}:${this.line}:${this.column}: ${this.message}`;
  }
}
