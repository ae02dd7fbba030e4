import { measureInChild } from '../in-child.js';
import { partitionsFor, prepareTopic } from '../kafka/prepare-topic.js';
import { rawKafkajsInChild } from '../kafka/raw-kafkajs.js';
import { cpuSince } from '../process-cpu.js';
import type { ChildFigures, ScenarioContext, ScenarioResult } from '../scenario.js';
import type { SinkExtras, SinkSubject } from './sink-subject.js';

export const VALUE_BYTES = 112;

/** How one sink scenario differs from the others. */
export interface SinkRun {
  /** Partitions for `records`; default `partitionsFor(records, VALUE_BYTES)`. */
  partitions?: (records: number) => number;
  /** `flush.size` for a partition of `perPartition` records. */
  flushSize: (perPartition: number) => number;
  /** Where the files go, and its other keys: called once the topic exists. */
  store: () => Promise<{ sinkProps: Record<string, string>; s3?: Record<string, unknown>; serverPid?: number }>;
  spread?: number;
  sinkProps?: Record<string, string>;
  /**
   * The runtime's `sinkkit.consumer.thread`; default `main`, the runtime's default. The
   * environment variable SINKKIT_BENCH_CONSUMER_THREAD overrides it for every sink scenario.
   */
  consumerThread?: 'main' | 'worker';
}

/**
 * Produces the topic (records rounded up to a multiple of the partitions, so every partition
 * ends on a full file), runs the storage sink in a child until every record is committed, then
 * raw kafkajs on the same topic.
 */
export async function runSinkScenario(ctx: ScenarioContext, run: SinkRun): Promise<ScenarioResult> {
  const cluster = await ctx.startKafkaCluster();
  const partitions = run.partitions?.(ctx.records) ?? partitionsFor(ctx.records, VALUE_BYTES);
  const records = Math.ceil(ctx.records / partitions) * partitions;
  const perPartition = records / partitions;
  const flushSize = run.flushSize(perPartition);
  ctx.log(`producing ${records.toLocaleString('en-US')} records onto ${partitions} partitions`);
  const topic = await prepareTopic(cluster, { partitions, records, valueBytes: VALUE_BYTES });
  const store = await run.store();
  const consumerThread = process.env.SINKKIT_BENCH_CONSUMER_THREAD ?? run.consumerThread ?? 'main';
  const subject: SinkSubject = {
    bootstrapServers: cluster.bootstrapServers,
    topic: topic.name,
    partitions,
    records,
    sinkProps: {
      'format.class': 'json',
      'flush.size': String(flushSize),
      'sinkkit.consumer.thread': consumerThread,
      ...run.sinkProps,
      ...store.sinkProps,
    },
    ...(store.s3 ? { s3: store.s3 } : {}),
    ...(run.spread ? { spread: run.spread } : {}),
  };
  ctx.log(
    `subject: the storage sink through SinkRunner (flush.size ${flushSize}, consumer on the ${consumerThread} thread), in a child process`,
  );
  // SINKKIT_BENCH_CPU_PROF=<folder>: the sink's child writes a V8 CPU profile there.
  const profileDir = process.env.SINKKIT_BENCH_CPU_PROF;
  const profile = profileDir ? { execArgv: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {};
  // The other processes on the machine while the sink runs: their CPU is the sink's competition.
  const brokerCpu = cpuSince(cluster.pid);
  const storeServerCpu = cpuSince(store.serverPid);
  const figures = (await measureInChild(
    new URL('../children/storage-sink.js', import.meta.url),
    [JSON.stringify(subject)],
    profile,
  )) as ChildFigures & SinkExtras;
  const brokerCpuSeconds = brokerCpu();
  const storeServerCpuSeconds = storeServerCpu();
  ctx.log('baseline: raw kafkajs, in a child process');
  const baseline = await rawKafkajsInChild(cluster.bootstrapServers, topic.name, topic.records);
  return {
    subject: figures,
    baseline: { name: 'raw kafkajs', ...baseline },
    extra: {
      partitions,
      valueBytes: VALUE_BYTES,
      flushSize,
      consumerThread,
      writtenSeconds: Math.round(figures.writtenSeconds * 1000) / 1000,
      pressureCommitsMemory: figures.pressureCommitsMemory,
      pressureCommitsOpenFiles: figures.pressureCommitsOpenFiles,
      // CPU seconds of both children (group join included): steadier than records/s on a shared
      // machine, where both sides are bound by one core each.
      baselineCpuSeconds: Math.round(baseline.cpuSeconds * 1000) / 1000,
      cpuRatio: Math.round((baseline.cpuSeconds / figures.cpuSeconds) * 1000) / 1000,
      ...(brokerCpuSeconds === undefined ? {} : { brokerCpuSeconds }),
      ...(storeServerCpuSeconds === undefined ? {} : { storeServerCpuSeconds }),
    },
  };
}

/**
 * The divisor of `perPartition` closest to `target` from below (at least 1): with it, every
 * partition ends exactly on a full file, so the last records commit by `flush.size` rather
 * than waiting for a time-based rotation.
 */
export function flushSizeDividing(perPartition: number, target: number): number {
  for (let size = Math.min(target, perPartition); size > 1; size--) if (perPartition % size === 0) return size;
  return 1;
}
