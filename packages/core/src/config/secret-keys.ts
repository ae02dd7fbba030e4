import { isKafkaClientPasswordKey } from './kafka-client-secrets.js';
import { HIDDEN } from './password.js';
import { displayValue, looksSecret, stripUserinfo } from './redact.js';

/** What {@link SecretKeys.declare} reads from a definition: each key's name and type (a `ConfigDef` fits). */
export interface DeclaredKeys {
  keys(): readonly { readonly name: string; readonly type: string }[];
}

/**
 * Which keys of a configuration hold secrets, decided by key and never by searching for values:
 * a key some configured component declares (a connector's `ConfigDef`, a converter's under
 * `value.converter.`, a transformation's under `transforms.<name>.`) is secret exactly when one of
 * them types it `password`; a Kafka client password key is secret under every client prefix; any
 * other key is secret when its name looks so (`looksSecret`, the documented fallback).
 *
 * ```ts
 * const secrets = new SecretKeys().declare(connector.config()).declare(new AvroConverter().config(), 'value.converter.');
 * logger.info('starting', { config: secrets.redact(props) });
 * ```
 */
export class SecretKeys {
  // Full key → whether a definition types it `password` (a key declared by several: any one says so).
  readonly #declared = new Map<string, boolean>();

  /** Declares every key of `def` under `prefix`. A missing definition (a plugin without one) declares nothing. */
  declare(def: DeclaredKeys | null | undefined, prefix = ''): this {
    for (const key of def?.keys() ?? []) {
      const name = prefix + key.name;
      this.#declared.set(name, this.#declared.get(name) === true || key.type === 'password');
    }
    return this;
  }

  /** Whether the value of `key` must never be printed. */
  isSecret(key: string): boolean {
    if (isKafkaClientPasswordKey(key)) return true;
    return this.#declared.get(key) ?? looksSecret(key);
  }

  /** Whether some declared definition knows `key` (for tests and tools listing undeclared keys). */
  isDeclared(key: string): boolean {
    return this.#declared.has(key);
  }

  /** The value of `key` as printed: `[hidden]` for a secret, otherwise the value without URL userinfo. */
  display(key: string, value: unknown): string {
    return displayValue(value, this.isSecret(key));
  }

  /** A copy of `props` safe to print: secrets `[hidden]`, other values as {@link SecretKeys.display} shows them. */
  redact(props: Readonly<Record<string, unknown>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(props)) {
      if (value == null) out[key] = String(value);
      else if (this.isSecret(key)) out[key] = HIDDEN;
      else out[key] = typeof value === 'string' ? stripUserinfo(value) : displayValue(value);
    }
    return out;
  }
}
