import { type KafkaCluster, startKafkaCluster } from '@sinkkit/testkit';
import { BenchError } from './errors.js';
import { type ResultLine, resultLine } from './report.js';
import type { Scenario, ScenarioContext } from './scenario.js';

/** Records a scenario runs with when neither `--records` nor its `defaultRecords` say otherwise. */
export const DEFAULT_RECORDS = 1_000_000;

/**
 * The scenarios named in `only` (all when empty), in registry order.
 * @throws BenchError naming the unknown names and the known ones.
 */
export function selectScenarios(all: readonly Scenario[], only: readonly string[]): Scenario[] {
  const unknown = only.filter((name) => !all.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new BenchError(`unknown scenario ${unknown.join(', ')}; known: ${all.map((s) => s.name).join(', ')}`);
  }
  return only.length === 0 ? [...all] : all.filter((scenario) => only.includes(scenario.name));
}

/**
 * Runs one scenario with its own context and returns its result lines (one, or one per variant).
 * Every Kafka cluster the scenario started is stopped before this returns, whether it succeeded
 * or threw.
 */
export async function runScenario(
  scenario: Scenario,
  records: number | undefined,
  log: (line: string) => void,
): Promise<ResultLine[]> {
  const clusters: KafkaCluster[] = [];
  const ctx: ScenarioContext = {
    records: records ?? scenario.defaultRecords ?? DEFAULT_RECORDS,
    log: (message) => log(`[${scenario.name}] ${message}`),
    startKafkaCluster: async (options) => {
      const cluster = await startKafkaCluster(options);
      clusters.push(cluster);
      return cluster;
    },
  };
  try {
    const results = await scenario.run(ctx);
    return (Array.isArray(results) ? results : [results]).map((result) => resultLine(scenario.name, result));
  } finally {
    await Promise.all(clusters.map((cluster) => cluster.stop()));
  }
}
