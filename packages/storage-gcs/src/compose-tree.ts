/** GCS composes at most 32 source objects per compose request. */
export const MAX_COMPOSE_SOURCES = 32;

/** What one compose (or copy) step reports; anything but `ok` stops the tree. */
export type StepOutcome = 'ok' | 'key taken' | 'staged gone';

/** The two kinds of step {@link composeTree} takes. */
export interface ComposeSteps {
  /** Composes `sources` (32) into the temporary object `destination`, unconditionally. */
  intermediate(sources: readonly string[], destination: string): Promise<StepOutcome>;
  /** Makes `sources` (1–32) the final object: a copy for one source, a compose for more. */
  final(sources: readonly string[]): Promise<StepOutcome>;
  /** Name of the `index`-th intermediate object. */
  name(index: number): string;
}

/**
 * Combines `parts` (in order) into the final object, 32 sources per request: while there are more
 * than 32, the first 32 are composed into an intermediate object that takes their place at the
 * front, so n parts take ⌈(n − 32) / 31⌉ intermediate composes plus the final one — the fewest
 * requests the limit allows. Intermediates have fixed names, so a retried finalize overwrites
 * rather than multiplies them. (GCS no longer limits how many components a composite object has.)
 */
export async function composeTree(parts: readonly string[], steps: ComposeSteps): Promise<StepOutcome> {
  let sources = parts;
  for (let index = 0; sources.length > MAX_COMPOSE_SOURCES; index++) {
    const destination = steps.name(index);
    const outcome = await steps.intermediate(sources.slice(0, MAX_COMPOSE_SOURCES), destination);
    if (outcome !== 'ok') return outcome;
    sources = [destination, ...sources.slice(MAX_COMPOSE_SOURCES)];
  }
  return steps.final(sources);
}
