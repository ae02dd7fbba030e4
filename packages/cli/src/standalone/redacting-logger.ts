import { stripUserinfo } from '@sinkkit/core';
import type { Logger } from '@sinkkit/runtime';

/**
 * A logger writing `[sinkkit] message {fields}` lines to `write` (default stderr), at info and
 * above, with the userinfo of every URL replaced by `[hidden]@`. Secrets are kept out by key where
 * lines are built (configurations are printed through `SecretKeys`, errors never quote a password
 * value): searching the output for secret values would hide unrelated text that happens to equal a
 * short secret, and so point at the secret.
 */
export function redactingLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    const extra = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : '';
    write(`${stripUserinfo(`[sinkkit] ${level}${message}${extra}`)}\n`);
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
