import { type ConfigDef, ConfigError } from '@sinkkit/core';
import type { ConfigProblems } from './config-problems.js';

/** Stand-ins for a required key whose value is bad or missing, so later checks can still run. */
const PLACEHOLDER: Readonly<Record<string, string>> = {
  int: '1',
  long: '1',
  short: '1',
  double: '1',
  boolean: 'false',
  list: '',
};

/**
 * Parses `props` with `def`, recording its problems in `problems`, and still returns typed values
 * when some keys are bad: each bad key is parsed as if absent (its default, or a neutral stand-in
 * for a required key), so the checks of later stages (destination, format, partitioner) run in the
 * same start-up and report their problems too. The keys that were bad are returned as `bad`, so a
 * stage that depends on one of them is skipped rather than checked against a stand-in.
 * `values` is `undefined` only when even that parse fails.
 */
export function parseLeniently<V extends object>(
  def: ConfigDef<V>,
  props: Readonly<Record<string, unknown>>,
  problems: ConfigProblems,
): { values: Readonly<V> | undefined; bad: ReadonlySet<string> } {
  try {
    return { values: def.parse(props).values, bad: new Set() };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.add(error.problems);
    const bad = new Set(error.keys);
    const patched: Record<string, unknown> = { ...props };
    for (const key of def.keys()) {
      if (!bad.has(key.name)) continue;
      delete patched[key.name];
      if (!key.hasDefault) patched[key.name] = key.type === 'enum' ? key.values[0] : (PLACEHOLDER[key.type] ?? 'x');
    }
    try {
      return { values: def.parse(patched).values, bad };
    } catch (again) {
      if (!(again instanceof ConfigError)) throw again;
      return { values: undefined, bad };
    }
  }
}
