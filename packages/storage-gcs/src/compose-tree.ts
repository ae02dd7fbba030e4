/** GCS composes at most 32 source objects per compose request. */
export const MAX_COMPOSE_SOURCES = 32;

/** What one compose (or copy) step reports; anything but `ok` stops the tree. */
export type StepOutcome = 'ok' | 'key taken' | 'staged gone';

/** The two kinds of step {@link composeTree} takes. */
export interface ComposeSteps {
  /** Composes `sources` (2–32) into the temporary object `destination`, unconditionally. */
  intermediate(sources: readonly string[], destination: string): Promise<StepOutcome>;
  /** Makes `sources` (1–32) the final object: a copy for one source, a compose for more. */
  final(sources: readonly string[]): Promise<StepOutcome>;
  /** Name of the intermediate object `index` of `level`. */
  name(level: number, index: number): string;
}

/**
 * Combines `parts` (in order) into the final object, 32 at a time: while there are more than 32
 * sources, each group of 32 is composed into an intermediate object (level by level, so n parts
 * take about n/31 extra composes), and the last ≤ 32 are composed (or, for one, copied) into place.
 * Intermediates have fixed names, so a retried finalize overwrites rather than multiplies them.
 */
export async function composeTree(parts: readonly string[], steps: ComposeSteps): Promise<StepOutcome> {
  let sources = parts;
  for (let level = 0; sources.length > MAX_COMPOSE_SOURCES; level++) {
    const next: string[] = [];
    for (let start = 0; start < sources.length; start += MAX_COMPOSE_SOURCES) {
      const group = sources.slice(start, start + MAX_COMPOSE_SOURCES);
      if (group.length === 1) {
        next.push(group[0] as string);
        continue;
      }
      const destination = steps.name(level, start / MAX_COMPOSE_SOURCES);
      const outcome = await steps.intermediate(group, destination);
      if (outcome !== 'ok') return outcome;
      next.push(destination);
    }
    sources = next;
  }
  return steps.final(sources);
}
