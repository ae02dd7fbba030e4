import { ConfigError, type ConfigProblem } from '@sinkkit/core';

/**
 * Collects the problems of several independent checks, so start-up reports every bad key of
 * every stage (sink keys, destination, format, partitioner…) in one `ConfigError` instead of one
 * stage per run. A problem found twice (two stages reading the same key) is kept once.
 */
export class ConfigProblems {
  readonly #problems: ConfigProblem[] = [];
  readonly #seen = new Set<string>();

  /** Records `problem` (or each of several). */
  add(problem: ConfigProblem | readonly ConfigProblem[]): void {
    for (const p of Array.isArray(problem) ? problem : [problem as ConfigProblem]) {
      const text = `${p.key}\n${p.value ?? ''}\n${p.reason}`;
      if (this.#seen.has(text)) continue;
      this.#seen.add(text);
      this.#problems.push(p);
    }
  }

  /** Runs `check`; a `ConfigError` it throws is recorded and `undefined` returned. Other errors propagate. */
  check<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.add(error.problems);
      return undefined;
    }
  }

  /** {@link check} for an async check. */
  async checkAsync<T>(check: () => Promise<T>): Promise<T | undefined> {
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.add(error.problems);
      return undefined;
    }
  }

  /** Keys with a problem so far. */
  keys(): Set<string> {
    return new Set(this.#problems.map((p) => p.key));
  }

  get size(): number {
    return this.#problems.length;
  }

  /** Throws one `ConfigError` listing every problem recorded, if any. */
  throwIfAny(): void {
    if (this.#problems.length > 0) throw new ConfigError(this.#problems);
  }
}
