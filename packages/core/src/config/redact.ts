import { HIDDEN, Password } from './password.js';

/**
 * The name-based fallback for keys that no configured component declares (a plugin that could not
 * be resolved, a client setting passed through): the documented rule of docs/configuration.md,
 * "Secrets in output". Declared keys follow their declared type instead, see `SecretKeys`.
 */
const SECRET_NAME =
  /password|passwd|secret|jaas|token|credential|user\.?info|private\.?key|api\.?key|signature|(?:^|\.)keystore\.key$|(?:^|\.)account\.key$/i;
/** Undeclared keys that match {@link SECRET_NAME} but hold no secret, by Kafka's and Confluent's definitions. */
const HARMLESS_NAME = /(?:^|\.)credentials\.source$|(?:^|\.)token\.endpoint\.url$/i;

/** Whether a key not declared in any definition looks like it holds a secret (the fallback rule). */
export function looksSecret(key: string): boolean {
  return SECRET_NAME.test(key) && !HARMLESS_NAME.test(key);
}

/**
 * `scheme://` followed by a userinfo: everything up to the last `@` of the same token, so a
 * password with an unencoded `@`, `/` or `:` is hidden whole. A token ends at whitespace, a
 * quote or an angle bracket (how URLs sit in messages and JSON).
 */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s"'<>`]*@/gi;

/**
 * `text` with the userinfo of every `scheme://user:pass@host` URL replaced by `[hidden]@`. Works on
 * URL syntax alone, so it applies to any value and any message, whatever key the URL came from.
 */
export function stripUserinfo(text: string): string {
  return text.replace(USERINFO, `$1${HIDDEN}@`);
}

/**
 * How a configuration value is printed in messages: `[hidden]` for secrets and `Password`s,
 * strings as written (`""` when empty, so the message still reads) but without URL userinfo,
 * lists comma-joined.
 */
export function displayValue(value: unknown, secret = false): string {
  if (secret || value instanceof Password) return HIDDEN;
  if (value === '') return '""';
  if (Array.isArray(value)) return value.map((v) => displayValue(v)).join(',');
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') {
    try {
      return stripUserinfo(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return stripUserinfo(String(value));
}
