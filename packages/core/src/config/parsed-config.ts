import { isKafkaClientPasswordKey } from './kafka-client-secrets.js';
import { HIDDEN, Password } from './password.js';
import { displayValue, looksSecret, stripUserinfo } from './redact.js';

/**
 * Configuration parsed by `ConfigDef.parse`: typed values for every defined key (defaults
 * applied), the original properties, and the keys nobody defined. Printing it (`toString`,
 * `JSON.stringify`, `console.log`) never shows a secret.
 */
export class ParsedConfig<V extends object> {
  /** Typed values of every defined key. `Password`s hide themselves when printed. */
  readonly values: Readonly<V>;
  /** Keys present in the input that the definition does not know, sorted. */
  readonly unknownKeys: readonly string[];
  readonly #originals: Readonly<Record<string, unknown>>;
  readonly #names: readonly string[];
  readonly #secrets: ReadonlySet<string>;

  constructor(
    values: V,
    originals: Readonly<Record<string, unknown>>,
    names: readonly string[],
    unknownKeys: readonly string[],
    secrets: ReadonlySet<string>,
  ) {
    this.values = Object.freeze({ ...values });
    this.#originals = Object.freeze({ ...originals });
    this.#names = names;
    this.unknownKeys = Object.freeze([...unknownKeys]);
    this.#secrets = secrets;
  }

  /** The typed value of a defined key. */
  get<K extends keyof V & string>(key: K): V[K] {
    return this.values[key];
  }

  /** The input as given, secrets in clear text: pass it on, don't print it. */
  originals(): Record<string, unknown> {
    return { ...this.#originals };
  }

  /**
   * The input keys starting with `prefix`, with the prefix removed unless `strip` is false:
   * how `consumer.override.` or `value.converter.` settings reach the plugin they are for.
   */
  originalsWithPrefix(prefix: string, strip = true): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.#originals)) {
      if (key.startsWith(prefix)) out[strip ? key.slice(prefix.length) : key] = value;
    }
    return out;
  }

  /** `key = value` lines for every defined key, secrets as `[hidden]`. */
  toString(): string {
    return this.#names
      .map(
        (name) => `${name} = ${displayValue((this.values as Record<string, unknown>)[name], this.#secrets.has(name))}`,
      )
      .join('\n');
  }

  /** Defined values plus undeclared originals, secrets (declared or secret-looking) as `[hidden]`. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of this.unknownKeys) {
      const value = this.#originals[key];
      const secret = isKafkaClientPasswordKey(key) || looksSecret(key) || value instanceof Password;
      out[key] = secret ? HIDDEN : typeof value === 'string' ? stripUserinfo(value) : value;
    }
    for (const name of this.#names) {
      const value = (this.values as Record<string, unknown>)[name];
      out[name] =
        this.#secrets.has(name) && value != null ? HIDDEN : typeof value === 'string' ? stripUserinfo(value) : value;
    }
    return out;
  }
}
