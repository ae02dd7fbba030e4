import { TestkitError } from '../errors.js';
import { startProcess } from '../process/server-process.js';
import { type BuildMockClusterOptions, buildMockCluster } from './build-native.js';
import { CommandChannel } from './command-channel.js';

/** A topic to create when the cluster starts. */
export interface KafkaTopicSpec {
  name: string;
  partitions: number;
  /** Default: the number of brokers, at most 3. */
  replicationFactor?: number;
}

/** Options of {@link startKafkaCluster}. */
export interface KafkaClusterOptions {
  /** Number of brokers, 1–64; their ids are 1…n. Default 1. */
  brokers?: number;
  /** Topics to create before the cluster is handed out. Default none. */
  topics?: KafkaTopicSpec[];
  /** How to build the native mock cluster (compiler, cache folder). */
  build?: BuildMockClusterOptions;
  /** How long a control command may take before the cluster is considered stuck. Default 10 000 ms. */
  commandTimeoutMs?: number;
}

/** One broker of a {@link KafkaCluster}. */
export interface KafkaBroker {
  /** Broker id, as Kafka metadata reports it (1-based). */
  readonly id: number;
  readonly host: string;
  readonly port: number;
  /** `host:port`. */
  readonly address: string;
}

/**
 * A running Kafka-protocol cluster (librdkafka's mock cluster) with fault injection.
 * Every method resolves once the mock has applied the change, and rejects with a
 * {@link TestkitError} carrying the mock's reason (e.g. `Broker: Topic already exists`).
 */
export interface KafkaCluster {
  /** Comma-separated `host:port` list of all brokers, for a client's `brokers` / `bootstrap.servers`. */
  readonly bootstrapServers: string;
  /** The brokers, in id order. */
  readonly brokers: readonly KafkaBroker[];
  /** Pid of the mock cluster process. */
  readonly pid: number;
  /**
   * Creates a topic (the mock has no CreateTopics API, so kafkajs `admin.createTopics` fails).
   * `replicationFactor` defaults to the number of brokers, at most 3 (the mock does not check it
   * against the number of brokers).
   */
  createTopic(name: string, partitions: number, replicationFactor?: number): Promise<void>;
  /**
   * Closes the broker's connections and refuses new ones. Leadership does not move: requests
   * for partitions it leads fail (clients retry) until {@link setBrokerUp} or {@link setPartitionLeader}.
   */
  setBrokerDown(id: number): Promise<void>;
  /** Lets a downed broker accept connections again. */
  setBrokerUp(id: number): Promise<void>;
  /** Delays every response of the broker by `ms` (0 removes the delay). */
  setBrokerRtt(id: number, ms: number): Promise<void>;
  /**
   * Makes the next `errorCodes.length` requests with this API key fail, in order, with these
   * error codes, whichever broker receives them (see {@link ApiKey}, {@link ErrorCode}).
   * Calls add to the same queue; `ErrorCode.NONE` lets one request through.
   */
  pushRequestErrors(apiKey: number, errorCodes: readonly number[]): Promise<void>;
  /**
   * Moves the partition's leadership (`-1`: no leader). Clients learn it from their next
   * metadata refresh, usually after a `NOT_LEADER_OR_FOLLOWER` answer. An unknown topic is
   * created on the fly with `partition + 1` partitions.
   */
  setPartitionLeader(topic: string, partition: number, brokerId: number): Promise<void>;
  /**
   * Makes `brokerId` the coordinator of a consumer group (`'group'`, key = group id) or of a
   * transactional producer (`'transaction'`, key = transactional id), as FindCoordinator answers it.
   * The mock's old coordinator keeps serving the group (it never answers `NOT_COORDINATOR` by
   * itself), and kafkajs looks its group coordinator up only when it (re)joins: to move a running
   * consumer, also push a `NOT_COORDINATOR` error for `ApiKey.Heartbeat`, which makes it rejoin.
   */
  setCoordinator(type: 'group' | 'transaction', key: string, brokerId: number): Promise<void>;
  /** Stops the cluster; clients connected to it see the connections close. Idempotent. */
  stop(): Promise<void>;
}

// Kafka's own rule for topic names (clients and brokers reject anything else).
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/**
 * Starts a Kafka-protocol cluster of `brokers` brokers on 127.0.0.1 (random free ports), built
 * on librdkafka's mock cluster: compiled on first use (see {@link buildMockCluster}), started in
 * milliseconds, no JVM, no Docker. Stop it with {@link KafkaCluster.stop}; it also exits by
 * itself when this Node process dies.
 *
 * It speaks enough of the protocol for kafkajs 2.2 producers, consumer groups (join, sync,
 * heartbeat, leave, rebalances), offset commit/fetch, ListOffsets and Metadata. Known gaps of
 * the mock (librdkafka 2.0.2):
 * - no CreateTopics/DeleteTopics/DescribeGroups/ListGroups/DescribeConfigs, no SASL; create
 *   topics with {@link KafkaCluster.createTopic} or the `topics` option;
 * - Metadata v0–2 only, reporting controller id 0, which no broker has: kafkajs
 *   `admin.createTopics`, the idempotent and the transactional producer fail with "Broker 0 not found";
 * - producing to an unknown topic auto-creates it with 4 partitions;
 * - each partition keeps only about its last 5 MB: older offsets disappear (the low watermark
 *   moves), so spread large data over many partitions or consume while producing;
 * - the first join of a group waits ~3 s and each rebalance ~sessionTimeout − 1 s: use
 *   {@link mockClusterConsumerConfig} (`sessionTimeout: 3000, heartbeatInterval: 300,
 *   maxWaitTimeInMs: 100`); with sessionTimeout ≤ 2000 the group never forms;
 * - a coordinator move only changes what FindCoordinator answers (see {@link KafkaCluster.setCoordinator}).
 *
 * @throws TestkitError when the mock cluster cannot be built (naming the packages to install)
 *   or does not start.
 */
export async function startKafkaCluster(options: KafkaClusterOptions = {}): Promise<KafkaCluster> {
  const brokerCount = options.brokers ?? 1;
  if (!Number.isInteger(brokerCount) || brokerCount < 1 || brokerCount > 64) {
    throw new TestkitError(`brokers must be an integer from 1 to 64, got ${brokerCount}`);
  }
  const binary = await buildMockCluster(options.build);
  const proc = startProcess('kafka-mock-cluster', binary, [String(brokerCount)]);
  const channel = new CommandChannel(proc, options.commandTimeoutMs ?? 10_000);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      channel.breakWith('the cluster was stopped');
      // EOF is the mock's signal to exit; a signal is only for a stuck one.
      proc.child.stdin?.end();
      const timer = setTimeout(() => void proc.stop(1_000), 3_000);
      await proc.exited;
      clearTimeout(timer);
      await proc.stop();
    })();
    return stopping;
  };

  try {
    const match = await proc.waitForOutput(/^bootstrap (\S+)$/m, 10_000);
    const bootstrapServers = match[1] ?? '';
    const brokers = bootstrapServers.split(',').map((address, index) => {
      const colon = address.lastIndexOf(':');
      return { id: index + 1, host: address.slice(0, colon), port: Number(address.slice(colon + 1)), address };
    });
    const defaultRf = Math.min(brokerCount, 3);

    const cluster: KafkaCluster = {
      bootstrapServers,
      brokers,
      pid: proc.pid,
      createTopic: async (name, partitions, replicationFactor = defaultRf) =>
        channel.send(`topic ${topicName(name)} ${int(partitions, 'partitions')} ${int(replicationFactor, 'rf')}`),
      setBrokerDown: async (id) => channel.send(`down ${int(id, 'broker id')}`),
      setBrokerUp: async (id) => channel.send(`up ${int(id, 'broker id')}`),
      setBrokerRtt: async (id, ms) => channel.send(`rtt ${int(id, 'broker id')} ${int(ms, 'rtt')}`),
      pushRequestErrors: async (apiKey, errorCodes) => {
        if (errorCodes.length === 0) return;
        return channel.send(
          `errors ${int(apiKey, 'api key')} ${errorCodes.map((c) => int(c, 'error code')).join(' ')}`,
        );
      },
      setPartitionLeader: async (topic, partition, brokerId) =>
        channel.send(`leader ${topicName(topic)} ${int(partition, 'partition')} ${int(brokerId, 'broker id')}`),
      setCoordinator: async (type, key, brokerId) => {
        if (!/^\S(.*\S)?$/.test(key) || /[\r\n]/.test(key)) {
          throw new TestkitError(
            `coordinator key must be non-empty, on one line, without outer spaces: ${JSON.stringify(key)}`,
          );
        }
        return channel.send(`coordinator ${type} ${int(brokerId, 'broker id')} ${key}`);
      },
      stop,
    };
    for (const topic of options.topics ?? []) {
      await cluster.createTopic(topic.name, topic.partitions, topic.replicationFactor);
    }
    return cluster;
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Consumer settings that make kafkajs consumer groups form and rebalance quickly on the mock
 * cluster (≈2 s per rebalance). Spread them into `kafka.consumer({ groupId, ...mockClusterConsumerConfig })`.
 */
export const mockClusterConsumerConfig = {
  sessionTimeout: 3_000,
  heartbeatInterval: 300,
  maxWaitTimeInMs: 100,
} as const;

function topicName(name: string): string {
  if (!TOPIC_NAME.test(name)) {
    throw new TestkitError(`invalid topic name ${JSON.stringify(name)}: use 1–249 of [a-zA-Z0-9._-]`);
  }
  return name;
}

function int(value: number, what: string): number {
  if (!Number.isInteger(value)) throw new TestkitError(`${what} must be an integer, got ${value}`);
  return value;
}
