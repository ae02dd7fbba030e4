import { randomBytes } from 'node:crypto';
import { mockClusterConsumerConfig } from '@sinkkit/testkit';

/**
 * The runtime's connector properties for reading `topic` from the test cluster: a fresh group
 * (so every run starts at offset 0), and the mock broker's consumer timings, as the raw kafkajs
 * baseline uses them. Everything else keeps the runtime's defaults: those are what is measured,
 * except `sinkkit.consumer.thread` when SINKKIT_BENCH_CONSUMER_THREAD sets it.
 */
export function runtimeProps(bootstrapServers: string, topic: string): Record<string, string> {
  const thread = process.env.SINKKIT_BENCH_CONSUMER_THREAD;
  return {
    name: `bench-${randomBytes(6).toString('hex')}`,
    'bootstrap.servers': bootstrapServers,
    topics: topic,
    'consumer.override.session.timeout.ms': String(mockClusterConsumerConfig.sessionTimeout),
    'consumer.override.heartbeat.interval.ms': String(mockClusterConsumerConfig.heartbeatInterval),
    'consumer.override.fetch.max.wait.ms': String(mockClusterConsumerConfig.maxWaitTimeInMs),
    ...(thread === undefined ? {} : { 'sinkkit.consumer.thread': thread }),
  };
}
