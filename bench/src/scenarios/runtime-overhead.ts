import { measureInChild } from '../in-child.js';
import { partitionsFor, prepareTopic } from '../kafka/prepare-topic.js';
import { rawKafkajsInChild } from '../kafka/raw-kafkajs.js';
import type { Scenario } from '../scenario.js';

const VALUE_BYTES = 112;

/**
 * What @sinkkit/runtime costs on top of the Kafka client: a SinkTask whose `put` only counts,
 * driven by `SinkRunner` (ByteArrayConverter, default settings), against raw kafkajs with a
 * no-op `eachBatch` on the same topic. Goal: at least 90 % of raw records/s.
 *
 * Both sides are bound by one core's CPU here, and other work on a shared machine moves their
 * wall-clock rates apart; `cpuRatio` (baseline CPU seconds / subject CPU seconds, both children
 * including their group join) says what the runtime costs per record independently of that.
 */
export const runtimeOverhead: Scenario = {
  name: 'runtime-overhead',
  description: `no-op SinkTask through SinkRunner vs raw kafkajs (no-op eachBatch), ${VALUE_BYTES}-byte values`,
  async run(ctx) {
    const cluster = await ctx.startKafkaCluster();
    const partitions = partitionsFor(ctx.records, VALUE_BYTES);
    ctx.log(`producing ${ctx.records.toLocaleString('en-US')} records onto ${partitions} partitions`);
    const topic = await prepareTopic(cluster, { partitions, records: ctx.records, valueBytes: VALUE_BYTES });
    ctx.log('subject: SinkRunner with a no-op task, in a child process');
    // SINKKIT_BENCH_CPU_PROF=<folder>: both children write a V8 CPU profile there (subject first).
    const profileDir = process.env.SINKKIT_BENCH_CPU_PROF;
    const profile = profileDir ? { execArgv: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : undefined;
    const args = [cluster.bootstrapServers, topic.name, String(topic.records)];
    const subject = await measureInChild(new URL('../children/runtime-noop.js', import.meta.url), args, profile);
    ctx.log('baseline: raw kafkajs, in a child process');
    const baseline = profile
      ? await measureInChild(new URL('../children/raw-kafkajs.js', import.meta.url), args, profile)
      : await rawKafkajsInChild(cluster.bootstrapServers, topic.name, topic.records);
    return {
      subject,
      baseline: { name: 'raw kafkajs', ...baseline },
      extra: {
        partitions,
        valueBytes: VALUE_BYTES,
        converter: 'ByteArrayConverter',
        goalRatio: 0.9,
        baselineCpuSeconds: round(baseline.cpuSeconds),
        cpuRatio: round(baseline.cpuSeconds / subject.cpuSeconds),
      },
    };
  },
};

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
