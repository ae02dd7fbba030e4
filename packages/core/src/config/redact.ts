import { HIDDEN, Password } from './password.js';

/**
 * Keys that are treated as secret even when no definition says so, because Kafka Connect passes
 * undeclared client settings through (`consumer.override.sasl.jaas.config`,
 * `producer.ssl.key.password`) and those must not reach a log either.
 */
const SECRET_KEY =
  /password|secret|jaas\.config|(?<!basic\.auth\.)credential(?!s\.source$)|token|private\.key|basic\.auth\.user\.info$|ssl\.keystore\.key$/i;

/** Whether a key not declared in a definition looks like it holds a secret. */
export function looksSecret(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** `text` with the userinfo of every `scheme://user:pass@` URL replaced by `[hidden]@`. */
export function stripUserinfo(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, `$1${HIDDEN}@`);
}

/**
 * How a configuration value is printed in messages: `[hidden]` for secrets and `Password`s,
 * strings as written (`""` when empty, so the message still reads), lists comma-joined.
 */
export function displayValue(value: unknown, secret = false): string {
  if (secret || value instanceof Password) return HIDDEN;
  if (value === '') return '""';
  if (Array.isArray(value)) return value.map((v) => displayValue(v)).join(',');
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return typeof value === 'string' ? stripUserinfo(value) : String(value);
}

/** `reason` with every occurrence of the secret raw value replaced, in case a validator echoed it. */
export function scrubSecret(reason: string, raw: unknown): string {
  const secret = raw instanceof Password ? raw.value() : typeof raw === 'string' ? raw.trim() : '';
  return secret.length > 0 ? reason.split(secret).join(HIDDEN) : reason;
}
