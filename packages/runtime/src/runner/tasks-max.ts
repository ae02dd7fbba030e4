import { ConfigError } from '@sinkkit/core';

const INT_MAX = 2 ** 31 - 1;

/**
 * Reads `tasks.max` (default 1) as Kafka Connect does: a whole number of at least 1 (an int, so at
 * most 2147483647). Anything else throws a {@link ConfigError} naming the key, the value and the
 * reason, rather than quietly running one task.
 */
export function tasksMaxOf(config: Readonly<Record<string, unknown>>): number {
  const raw = config['tasks.max'];
  if (raw === undefined || raw === null) return 1;
  const text = String(raw).trim();
  if (!/^[+-]?\d+$/.test(text)) {
    throw new ConfigError({ key: 'tasks.max', value: String(raw), reason: 'not a whole number' });
  }
  const value = Number(text);
  if (value < 1) throw new ConfigError({ key: 'tasks.max', value: String(raw), reason: 'must be at least 1' });
  if (value > INT_MAX) {
    throw new ConfigError({ key: 'tasks.max', value: String(raw), reason: `must be at most ${INT_MAX}` });
  }
  return value;
}
