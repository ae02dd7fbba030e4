/**
 * The Kafka client settings whose type is `PASSWORD` in Apache Kafka's own definitions
 * (`SslConfigs`, `SaslConfigs`): the runtime maps them onto the Kafka client, and every place that
 * prints configuration hides them under each {@link KAFKA_CLIENT_PREFIXES} prefix. One list, so
 * the client mapping and the redaction cannot drift apart. The certificate chains are typed
 * `PASSWORD` by Kafka too (a PEM block may carry a private key by mistake); sinkkit follows it.
 */
export const KAFKA_CLIENT_PASSWORD_KEYS: readonly string[] = Object.freeze([
  'sasl.jaas.config',
  'ssl.key.password',
  'ssl.keystore.password',
  'ssl.keystore.key',
  'ssl.keystore.certificate.chain',
  'ssl.truststore.password',
  'ssl.truststore.certificates',
]);

/**
 * Where Kafka client settings appear in a worker or connector configuration, as in Kafka Connect:
 * bare (worker level), for the worker's consumers, producers and admin clients, and as a
 * connector's per-client overrides (the dead-letter queue's producer reads `producer.override.`).
 */
export const KAFKA_CLIENT_PREFIXES: readonly string[] = Object.freeze([
  '',
  'consumer.',
  'producer.',
  'admin.',
  'consumer.override.',
  'producer.override.',
  'admin.override.',
]);

/** Whether `key` is a Kafka client password key under one of {@link KAFKA_CLIENT_PREFIXES}. */
export function isKafkaClientPasswordKey(key: string): boolean {
  return KAFKA_CLIENT_PREFIXES.some(
    (prefix) => key.startsWith(prefix) && KAFKA_CLIENT_PASSWORD_KEYS.includes(key.slice(prefix.length)),
  );
}
