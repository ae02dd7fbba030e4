/** Shape of an exponential back-off; all times in milliseconds. */
export interface BackoffOptions {
  /** Ceiling of the first delay. Default 100. */
  baseMs?: number;
  /** No delay ever exceeds this. Default 10 000. */
  capMs?: number;
  /** Uniform random number in [0, 1); inject a fixed one in tests. Default `Math.random`. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1 = the first retry), "full jitter" style:
 * uniform in `[0, min(cap, base * 2^(attempt-1)))`.
 *
 * Full jitter rather than equal or decorrelated jitter because it spreads a crowd of clients
 * that failed together (every task of a connector hitting the same throttled bucket) the most,
 * at the cost of sometimes retrying early; see the AWS Architecture Blog post
 * "Exponential Backoff And Jitter".
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 100;
  const cap = options.capMs ?? 10_000;
  const random = options.random ?? Math.random;
  // Clamp the exponent so huge attempt counts cannot overflow to Infinity before the cap applies.
  const ceiling = Math.min(cap, base * 2 ** Math.min(Math.max(attempt - 1, 0), 52));
  return Math.floor(random() * ceiling);
}
