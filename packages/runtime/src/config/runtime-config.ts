import { ConfigError, type ConfigProblem, type PluginConfigs } from '@sinkkit/core';
import { type KafkaClientSecurity, resolveKafkaClients } from '../kafka/kafka-security.js';
import { type PluginRegistry, unknownPluginReason } from './plugin-registry.js';
import { runtimeConfigDef } from './runtime-config-def.js';

/** A plugin named in the configuration, with its own settings (prefix stripped). */
export interface PluginSpec {
  /** The configuration key that named it, for error messages. */
  readonly key: string;
  readonly className: string;
  readonly configs: PluginConfigs;
}

/** One entry of `transforms`, with the predicate that gates it, if any. */
export interface TransformSpec extends PluginSpec {
  readonly name: string;
  readonly predicate: string | null;
  readonly negate: boolean;
}

/** Everything the runtime needs, parsed and checked. Times in milliseconds. */
export interface RuntimeConfig {
  readonly name: string;
  readonly taskId: number;
  readonly bootstrapServers: readonly string[];
  readonly groupId: string;
  readonly clientId: string;
  /** Topic names, or the `topics.regex`. */
  readonly topics: readonly string[] | RegExp;
  readonly keyConverter: PluginSpec;
  readonly valueConverter: PluginSpec;
  readonly headerConverter: PluginSpec;
  readonly transforms: readonly TransformSpec[];
  readonly predicates: ReadonlyMap<string, PluginSpec>;
  readonly errorsTolerance: 'none' | 'all';
  readonly deadLetterTopic: string | null;
  readonly deadLetterContextHeaders: boolean;
  readonly errorsLogEnable: boolean;
  /** `errors.retry.timeout`: 0 never retries a conversion, -1 without limit. */
  readonly errorsRetryTimeoutMs: number;
  readonly errorsRetryDelayMaxMs: number;
  readonly offsetFlushIntervalMs: number;
  readonly offsetFlushTimeoutMs: number;
  /** `task.shutdown.graceful.timeout.ms`: how long a stop waits for the task before abandoning it. */
  readonly shutdownTimeoutMs: number;
  readonly autoOffsetReset: 'earliest' | 'latest';
  readonly maxPollRecords: number;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly fetchMaxWaitMs: number;
  readonly maxBufferedRecords: number;
  readonly maxBufferedBytes: number;
  readonly maxConsumerRestarts: number;
  /** Where the Kafka client runs: on the task's thread, or on a worker thread of its own. */
  readonly consumerThread: 'main' | 'worker';
  /**
   * How each Kafka client connects (TLS, SASL), from `security.protocol`, `ssl.*` and `sasl.*`
   * with Connect's prefixes. Holds secrets in clear: never print it.
   */
  readonly kafkaSecurity: Readonly<Record<'consumer' | 'producer' | 'admin', KafkaClientSecurity>>;
}

/**
 * Parses connector properties into a {@link RuntimeConfig}. Throws one `ConfigError` listing
 * every problem, each naming the key, the value and the reason, e.g.
 * `Invalid value -1 for configuration offset.flush.interval.ms: must be at least 0`.
 */
export function parseRuntimeConfig(props: Readonly<Record<string, unknown>>, registry: PluginRegistry): RuntimeConfig {
  const parsed = runtimeConfigDef(registry).parse(props);
  const v = parsed.values;
  const problems: ConfigProblem[] = [];

  const regex = v['topics.regex'];
  let topics: readonly string[] | RegExp = v.topics;
  if (v.topics.length > 0 && regex) {
    problems.push({
      key: 'topics',
      value: v.topics.join(','),
      reason: 'topics and topics.regex are both set; set exactly one of them',
    });
  } else if (v.topics.length === 0 && !regex) {
    problems.push({ key: 'topics', reason: 'missing: set topics (a list) or topics.regex' });
  } else if (regex) {
    try {
      topics = new RegExp(`^(?:${regex})$`);
    } catch (error) {
      problems.push({ key: 'topics.regex', value: regex, reason: `not a valid regex: ${(error as Error).message}` });
    }
  }

  const dlq = v['errors.deadletterqueue.topic.name'] || null;
  if (dlq && Array.isArray(topics) && topics.includes(dlq)) {
    problems.push({
      key: 'errors.deadletterqueue.topic.name',
      value: dlq,
      reason: 'is also one of the consumed topics; the dead-letter queue would feed itself',
    });
  }

  const predicates = new Map<string, PluginSpec>();
  for (const name of v.predicates) {
    const spec = pluginSpec(parsed.originals(), `predicates.${name}`, 'predicate', registry.predicates, problems);
    if (spec) predicates.set(name, spec);
  }
  const transforms: TransformSpec[] = [];
  for (const name of v.transforms) {
    const prefix = `transforms.${name}`;
    const spec = pluginSpec(parsed.originals(), prefix, 'transformation', registry.transformations, problems);
    const originals = parsed.originals();
    const predicate = originals[`${prefix}.predicate`];
    const negateRaw = originals[`${prefix}.negate`];
    const predicateName = predicate == null || String(predicate).trim() === '' ? null : String(predicate).trim();
    if (predicateName !== null && !predicates.has(predicateName) && !v.predicates.includes(predicateName)) {
      problems.push({ key: `${prefix}.predicate`, value: predicateName, reason: 'is not listed in predicates' });
    }
    const negate =
      negateRaw === true ||
      String(negateRaw ?? 'false')
        .trim()
        .toLowerCase() === 'true';
    if (negateRaw != null && !['true', 'false'].includes(String(negateRaw).trim().toLowerCase())) {
      problems.push({ key: `${prefix}.negate`, value: String(negateRaw), reason: 'expected true or false' });
    }
    if (spec) transforms.push({ ...spec, name, predicate: predicateName, negate });
  }
  const kafkaSecurity = resolveKafkaClients(v, parsed.originals(), problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const name = v.name;
  return {
    name,
    taskId: v['task.id'],
    bootstrapServers: v['bootstrap.servers'],
    groupId: v['consumer.override.group.id'] ?? `connect-${name}`,
    clientId: v['consumer.override.client.id'] ?? `connector-consumer-${name}-${v['task.id']}`,
    topics,
    keyConverter: {
      key: 'key.converter',
      className: v['key.converter'],
      configs: parsed.originalsWithPrefix('key.converter.'),
    },
    valueConverter: {
      key: 'value.converter',
      className: v['value.converter'],
      configs: parsed.originalsWithPrefix('value.converter.'),
    },
    headerConverter: {
      key: 'header.converter',
      className: v['header.converter'],
      configs: parsed.originalsWithPrefix('header.converter.'),
    },
    transforms,
    predicates,
    errorsTolerance: v['errors.tolerance'] as 'none' | 'all',
    deadLetterTopic: dlq,
    deadLetterContextHeaders: v['errors.deadletterqueue.context.headers.enable'],
    errorsLogEnable: v['errors.log.enable'],
    errorsRetryTimeoutMs: v['errors.retry.timeout'],
    errorsRetryDelayMaxMs: v['errors.retry.delay.max.ms'],
    offsetFlushIntervalMs: v['offset.flush.interval.ms'],
    offsetFlushTimeoutMs: v['offset.flush.timeout.ms'],
    shutdownTimeoutMs: v['task.shutdown.graceful.timeout.ms'],
    autoOffsetReset: v['consumer.override.auto.offset.reset'] as 'earliest' | 'latest',
    maxPollRecords: v['consumer.override.max.poll.records'],
    sessionTimeoutMs: v['consumer.override.session.timeout.ms'],
    heartbeatIntervalMs: v['consumer.override.heartbeat.interval.ms'],
    fetchMaxWaitMs: v['consumer.override.fetch.max.wait.ms'],
    maxBufferedRecords: v['sinkkit.buffer.max.records'],
    maxBufferedBytes: v['sinkkit.buffer.max.bytes'],
    maxConsumerRestarts: v['sinkkit.consumer.max.restarts'],
    consumerThread: v['sinkkit.consumer.thread'] as 'main' | 'worker',
    kafkaSecurity,
  };
}

function pluginSpec(
  originals: Record<string, unknown>,
  prefix: string,
  kind: string,
  known: ReadonlyMap<string, unknown>,
  problems: ConfigProblem[],
): PluginSpec | null {
  const key = `${prefix}.type`;
  const raw = originals[key];
  const className = raw == null ? '' : String(raw).trim();
  if (className === '') {
    problems.push({ key, reason: `missing: every ${kind} needs a class` });
    return null;
  }
  if (!known.has(className)) {
    problems.push({ key, value: className, reason: unknownPluginReason(kind, known) });
    return null;
  }
  const configs: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(originals)) {
    if (k.startsWith(`${prefix}.`)) configs[k.slice(prefix.length + 1)] = value;
  }
  return { key, className, configs };
}
