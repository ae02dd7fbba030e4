/** What a secret prints as, everywhere sinkkit prints configuration. */
export const HIDDEN = '[hidden]';

/**
 * A secret configuration value (type `password`), like Connect's `Password`. The clear text
 * is reachable only through {@link Password.value}; `toString`, `JSON.stringify`, template
 * literals and `console.log`/`util.inspect` all show `[hidden]`, so a config object can be
 * logged whole without leaking credentials.
 */
export class Password {
  // A #private field is invisible to util.inspect and JSON.stringify, unlike a plain property.
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret in clear text; pass it straight to the client that needs it. */
  value(): string {
    return this.#value;
  }

  equals(other: unknown): boolean {
    return other instanceof Password && other.#value === this.#value;
  }

  toString(): string {
    return HIDDEN;
  }

  toJSON(): string {
    return HIDDEN;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Password(${HIDDEN})`;
  }
}
