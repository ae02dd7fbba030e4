import type { SinkRunner } from '@sinkkit/runtime';
import { BenchError } from '../errors.js';

/** A latch a subject settles once it saw its last record, with a stall watchdog on the runner. */
export interface UntilDone {
  /** Call once the subject is done. */
  settle: () => void;
  /**
   * Resolves once settled; rejects when the runner fails or stops, or nothing settled within
   * `timeoutMs` (default 300 000 ms). `progress` says how far it got, for the error.
   */
  wait(runner: SinkRunner, progress: () => string, timeoutMs?: number): Promise<void>;
}

export function untilDone(): UntilDone {
  let settle: () => void = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return {
    settle: () => settle(),
    async wait(runner, progress, timeoutMs = 300_000) {
      let timer: NodeJS.Timeout | undefined;
      const failed = runner.done.then((status) => {
        throw new BenchError(
          `the runner ended (${status.state}: ${status.error?.message ?? 'no error'}); ${progress()}`,
        );
      });
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new BenchError(`not done after ${timeoutMs} ms; ${progress()}`)), timeoutMs);
      });
      failed.catch(() => {});
      try {
        await Promise.race([settled, failed, timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
