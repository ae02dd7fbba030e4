/** Anything that can be stopped gracefully, e.g. a `SinkRunner` or `ConnectorRunner`. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Opt-in for command-line programs: on SIGTERM or SIGINT, stop `runner` gracefully (stop
 * fetching, commit, close partitions, stop the task; a runner's stop is bounded by
 * `task.shutdown.graceful.timeout.ms`). A second signal exits at once with code 130, for an
 * operator who does not want to wait. Returns a function removing the handlers.
 *
 * Not installed by default: an application embedding the runtime owns its signals.
 */
export function stopOnSignals(
  runner: Stoppable,
  signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'],
): () => void {
  let stopping = false;
  const handler = () => {
    if (stopping) process.exit(130);
    stopping = true;
    runner.stop().catch(() => {
      process.exitCode = 1;
    });
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
