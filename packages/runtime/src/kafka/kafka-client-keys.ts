import { ConfigDef, type Password } from '@sinkkit/core';

/** Which Kafka client a setting is for. The runtime builds a consumer and a (dead-letter queue) producer. */
export type KafkaClientRole = 'consumer' | 'producer' | 'admin';

/**
 * Where Kafka Connect lets a client setting be written, weakest first: the worker's own key
 * (`security.protocol`), the worker's per-client key (`consumer.security.protocol`), and the
 * connector's override (`consumer.override.security.protocol`). The strongest one set wins, key by key.
 */
export function keyPrefixes(role: KafkaClientRole): readonly string[] {
  return ['', `${role}.`, `${role}.override.`];
}

/** The security protocols Kafka clients know; all four are supported. */
export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

const STRING_KEYS = {
  'ssl.truststore.type': 'Format of the trust store: PEM (JKS and PKCS12 are refused; convert them to PEM).',
  'ssl.truststore.location': 'Path of a PEM file with the CA certificates to trust (with ssl.truststore.type=PEM).',
  'ssl.keystore.type': "Format of the client's key store: PEM (JKS and PKCS12 are refused; convert them to PEM).",
  'ssl.keystore.location': "Path of a PEM file with the client's private key and certificate chain (mutual TLS).",
  'ssl.endpoint.identification.algorithm':
    "https (Kafka's default): check that the broker's certificate names its host; empty: do not check the name (the certificate chain is still verified).",
  'sasl.mechanism': 'SASL mechanism: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER.',
  'sasl.oauthbearer.token.endpoint.url':
    'OAUTHBEARER: the OAuth token endpoint; tokens come from the client credentials grant with clientId and clientSecret from sasl.jaas.config.',
  'sasl.login.callback.handler.class':
    "OAUTHBEARER: Kafka's org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler (the only one supported), or unset.",
} as const;

// Kafka types the two PEM texts as passwords too: they are printed as [hidden] like the keys.
const PASSWORD_KEYS = {
  'ssl.truststore.certificates': 'CA certificates to trust, as PEM text.',
  'ssl.keystore.certificate.chain': "The client's certificate chain, as PEM text (mutual TLS).",
  'ssl.keystore.key': "The client's private key, as PEM text (mutual TLS).",
  'ssl.key.password': 'Password of an encrypted private key (ssl.keystore.key or the one in ssl.keystore.location).',
  'ssl.keystore.password': 'Password of a JKS or PKCS12 key store; refused, as those are (a PEM key store has none).',
  'ssl.truststore.password':
    'Password of a JKS or PKCS12 trust store; refused, as those are (a PEM trust store has none).',
  'sasl.jaas.config':
    'Login module and credentials, as Kafka writes them: org.apache.kafka.common.security.plain.PlainLoginModule required username="…" password="…";',
} as const;

/** The security keys of one client, without prefix, and the type each value parses to. */
export type KafkaSecurityKey = keyof typeof STRING_KEYS | keyof typeof PASSWORD_KEYS | 'security.protocol';

type Prefix = '' | `${KafkaClientRole}.` | `${KafkaClientRole}.override.`;
type ValueOf<K extends KafkaSecurityKey> = K extends keyof typeof PASSWORD_KEYS
  ? Password
  : K extends 'security.protocol'
    ? SecurityProtocol
    : string;

/** Typed values of {@link kafkaClientKeysDef}: every key under every prefix, `null` when unset. */
export type KafkaClientKeyValues = { [K in KafkaSecurityKey as `${Prefix}${K}`]: ValueOf<K> | null };

const ALL_PREFIXES: readonly string[] = [
  '',
  ...(['consumer', 'producer', 'admin'] as const).flatMap((role) => keyPrefixes(role).slice(1)),
];

/**
 * The Kafka client security keys (TLS and SASL), under every prefix Kafka Connect allows
 * ({@link keyPrefixes}). All are optional; secrets are of type `password`, so they print as
 * `[hidden]`. How they combine is checked by `resolveKafkaSecurity`.
 */
export function kafkaClientKeysDef(): ConfigDef<KafkaClientKeyValues> {
  // Built in a loop: 7 prefixes × 14 keys; the type above lists the same keys.
  const def = new ConfigDef() as ConfigDef<object>;
  for (const prefix of ALL_PREFIXES) {
    const where =
      prefix === ''
        ? ''
        : ` (for the ${prefix.split('.')[0]} only${prefix.endsWith('override.') ? ', set on a connector' : ''})`;
    def.define(`${prefix}security.protocol`, {
      type: 'enum',
      values: SECURITY_PROTOCOLS,
      default: null,
      group: 'Kafka security',
      doc: `How the client talks to the brokers: PLAINTEXT (Kafka's default), SSL, SASL_PLAINTEXT or SASL_SSL${where}.`,
    });
    for (const [key, doc] of Object.entries(STRING_KEYS)) {
      def.define(`${prefix}${key}`, { type: 'string', default: null, group: 'Kafka security', doc: `${doc}${where}` });
    }
    for (const [key, doc] of Object.entries(PASSWORD_KEYS)) {
      def.define(`${prefix}${key}`, {
        type: 'password',
        default: null,
        group: 'Kafka security',
        doc: `${doc}${where}`,
      });
    }
  }
  return def as ConfigDef<KafkaClientKeyValues>;
}

/** Whether `key` (any prefix) is a client TLS or SASL key, known or not: `ssl.*`, `sasl.*`, `security.protocol`. */
export function securityKeyOf(key: string, role: KafkaClientRole): { prefix: string; base: string } | null {
  for (const prefix of [...keyPrefixes(role)].reverse()) {
    if (!key.startsWith(prefix)) continue;
    const base = key.slice(prefix.length);
    if (base === 'security.protocol' || base.startsWith('ssl.') || base.startsWith('sasl.')) return { prefix, base };
    // `consumer.override.x` is not a worker-level `consumer.` key.
    if (prefix !== '') return null;
  }
  return null;
}

/** Whether `base` is one of the keys {@link kafkaClientKeysDef} defines. */
export function isKnownSecurityKey(base: string): base is KafkaSecurityKey {
  return base === 'security.protocol' || base in STRING_KEYS || base in PASSWORD_KEYS;
}
