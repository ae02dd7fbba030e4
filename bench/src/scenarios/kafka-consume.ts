import { measureKcat } from '../kafka/kcat.js';
import { partitionsFor, prepareTopic } from '../kafka/prepare-topic.js';
import { rawKafkajsInChild } from '../kafka/raw-kafkajs.js';
import type { Scenario } from '../scenario.js';

const VALUE_BYTES = 112;

/**
 * How far Node's Kafka client is from a C client on the same topic: kafkajs with a no-op
 * `eachBatch` (the ceiling of any kafkajs-based sink) against kcat (librdkafka).
 */
export const kafkaConsume: Scenario = {
  name: 'kafka-consume',
  description: `raw kafkajs consumption (no-op eachBatch) vs kcat (librdkafka), ${VALUE_BYTES}-byte JSON values`,
  async run(ctx) {
    const cluster = await ctx.startKafkaCluster();
    const partitions = partitionsFor(ctx.records, VALUE_BYTES);
    ctx.log(`producing ${ctx.records.toLocaleString('en-US')} records onto ${partitions} partitions`);
    const topic = await prepareTopic(cluster, { partitions, records: ctx.records, valueBytes: VALUE_BYTES });
    ctx.log('subject: kafkajs, in a child process');
    const subject = await rawKafkajsInChild(cluster.bootstrapServers, topic.name, topic.records);
    ctx.log('baseline: kcat');
    const baseline = await measureKcat(cluster.bootstrapServers, topic.name, topic.records);
    return { subject, baseline: { name: 'kcat', ...baseline }, extra: { partitions, valueBytes: VALUE_BYTES } };
  },
};
