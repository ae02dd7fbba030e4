import { stripUserinfo } from '../config/redact.js';
import { SinkkitError } from './sinkkit-error.js';

/** One thing wrong with a configuration. */
export interface ConfigProblem {
  /** The configuration key, e.g. `flush.size`. */
  key: string;
  /**
   * The offending value as it should be printed: already redacted (`[hidden]`) for secrets.
   * Absent when there is no value to show (a missing key, a malformed line).
   */
  value?: string;
  /** Why it is wrong, phrased to follow "…: ", e.g. `must be at least 1`. */
  reason: string;
}

/**
 * Configuration that cannot be used. Thrown at start-up, before any record is read, so a bad
 * setting fails fast with a message naming the key, the value and the reason, e.g.
 * `Invalid value -5 for configuration flush.size: must be at least 1`.
 *
 * Several problems are reported together (one per line) so a user fixes them in one go. Secret
 * values are redacted by key by whoever builds the problem (a `password` key's value is never
 * given); this class also replaces the userinfo of any URL in a value or reason with `[hidden]@`.
 *
 * Code: `CONFIG_INVALID`; never retriable.
 */
export class ConfigError extends SinkkitError {
  override name = 'ConfigError';
  /** Every problem found, in definition order. Never empty. */
  readonly problems: readonly ConfigProblem[];

  constructor(problems: ConfigProblem | readonly ConfigProblem[], options: { cause?: unknown } = {}) {
    const given = Array.isArray(problems) ? [...(problems as readonly ConfigProblem[])] : [problems as ConfigProblem];
    // A value rejected as invalid is printed too: URL userinfo never is, whoever built the problem.
    const list = given.map(withoutUserinfo);
    if (list.length === 0) throw new TypeError('ConfigError needs at least one problem');
    super(formatProblems(list), { code: 'CONFIG_INVALID', cause: options.cause });
    this.problems = Object.freeze(list);
  }

  /** The keys that have problems, in order, without duplicates. */
  get keys(): string[] {
    return [...new Set(this.problems.map((p) => p.key))];
  }
}

function withoutUserinfo(problem: ConfigProblem): ConfigProblem {
  const reason = stripUserinfo(problem.reason);
  return problem.value === undefined
    ? { ...problem, reason }
    : { ...problem, value: stripUserinfo(problem.value), reason };
}

/** Formats one problem the way Kafka Connect's `ConfigException` does. */
export function formatProblem(problem: ConfigProblem): string {
  return problem.value === undefined
    ? `Invalid configuration ${problem.key}: ${problem.reason}`
    : `Invalid value ${problem.value} for configuration ${problem.key}: ${problem.reason}`;
}

function formatProblems(problems: readonly ConfigProblem[]): string {
  if (problems.length === 1) return formatProblem(problems[0] as ConfigProblem);
  return `${problems.length} invalid configurations:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`;
}
