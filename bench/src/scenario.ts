import type { KafkaCluster, KafkaClusterOptions } from '@sinkkit/testkit';

/** What one measured run consumed or wrote. */
export interface Figures {
  /** Records processed. */
  records: number;
  /** Payload bytes processed: record values only (keys, headers and framing are left out). */
  bytes: number;
  /** Wall-clock seconds of the measured part only (setup such as a group join is left out). */
  seconds: number;
}

/** {@link Figures} of a run in its own child process, with that process's memory. */
export interface ChildFigures extends Figures {
  /** Peak resident set size of the child, in MiB, from `process.resourceUsage().maxRSS` (the kernel's high-water mark). */
  peakRssMb: number;
  /** Highest RSS seen by sampling `process.memoryUsage.rss()` every 50 ms during the run, in MiB. */
  sampledPeakRssMb: number;
  /**
   * CPU seconds (user + system, all threads) the child spent in its measuring function, set-up such
   * as a group join included: close to `seconds` means one busy core, above it more than one.
   */
  cpuSeconds: number;
}

/** What a scenario measured: its subject and, on the same data in the same run, its baseline. */
export interface ScenarioResult {
  /** The thing under test, measured in a child process of its own (see `measureInChild`). */
  subject: ChildFigures;
  /** What the subject is compared with; `name` says what it is (e.g. `kcat`, `raw kafkajs`). */
  baseline: Figures & { name: string };
  /** Fields appended to the scenario's JSON line (e.g. partitions, value size). */
  extra?: Record<string, string | number | boolean>;
}

/** What the harness hands to {@link Scenario.run}. */
export interface ScenarioContext {
  /** Records to run with: `--records`, else the scenario's `defaultRecords`, else 1 000 000. */
  readonly records: number;
  /** Progress for humans; goes to stderr, prefixed with the scenario's name. */
  log(message: string): void;
  /** Starts a Kafka test cluster (testkit) that the harness stops once the scenario is over, however it ends. */
  startKafkaCluster(options?: KafkaClusterOptions): Promise<KafkaCluster>;
}

/**
 * One benchmark. Its module in `src/scenarios/` exports it, and `src/scenarios/index.ts` lists it.
 * `run` prepares the data, measures the subject and the baseline on that same data, and returns
 * both; the harness derives rates and the ratio and prints them, one JSON line per result.
 */
export interface Scenario {
  /** Short kebab-case name, used by `--only` and as `"scenario"` in the JSON line. */
  readonly name: string;
  /** One line: what is measured against what. */
  readonly description: string;
  /** Records when `--records` is not given. Default 1 000 000. */
  readonly defaultRecords?: number;
  /**
   * One result, or one per variant for a scenario that measures several subjects against one
   * baseline (each variant's result names itself in `extra`, e.g. `format`).
   */
  run(ctx: ScenarioContext): Promise<ScenarioResult | readonly ScenarioResult[]>;
}
