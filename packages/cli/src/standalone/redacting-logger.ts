import type { Logger } from '@sinkkit/runtime';

/** Keys whose values never reach output, on top of `password`-typed keys (Connect's rule of thumb). */
const SECRET_KEY = /password|secret|jaas\.config|credential|token|private\.key/i;

/** The values of `props` under keys that look secret. */
export function secretValues(props: Readonly<Record<string, string>>): string[] {
  return Object.entries(props)
    .filter(([key, value]) => SECRET_KEY.test(key) && value.trim().length > 0)
    .map(([, value]) => value.trim());
}

/** Whether `key` looks like it holds a secret. */
export function looksSecret(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** `text` with every secret value replaced by `[hidden]`, longest first so none leaks in part. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join('[hidden]');
  return out;
}

/**
 * A logger writing `[sinkkit] message {fields}` lines to `write` (default stderr), at info and
 * above, with every known secret value scrubbed: the last line of defence should a message or a
 * library's error echo one.
 */
export function redactingLogger(
  secrets: () => readonly string[],
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    const extra = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : '';
    write(`${scrub(`[sinkkit] ${level}${message}${extra}`, secrets())}\n`);
  };
  return { debug: () => {}, info: log(''), warn: log('WARN '), error: log('ERROR ') };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return String(value);
  }
}
