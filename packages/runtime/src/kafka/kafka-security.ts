import { type ConfigProblem, HIDDEN, Password } from '@sinkkit/core';
import {
  isKnownSecurityKey,
  type KafkaClientKeyValues,
  type KafkaClientRole,
  type KafkaSecurityKey,
  keyPrefixes,
  type SecurityProtocol,
  securityKeyOf,
} from './kafka-client-keys.js';
import { resolveSasl } from './kafka-sasl-settings.js';
import { resolveTls } from './kafka-tls-settings.js';

/** TLS material and checks for one client; PEM text, secrets in clear (never print this). */
export interface KafkaTlsSettings {
  /** CA certificates to trust; absent: Node's default CA bundle. */
  readonly ca?: string;
  /** Client certificate chain and private key (mutual TLS). */
  readonly cert?: string;
  readonly key?: string;
  readonly passphrase?: string;
  /** `ssl.endpoint.identification.algorithm=https` (the default): the certificate must name the broker's host. */
  readonly verifyHostname: boolean;
}

/** SASL credentials for one client (secrets in clear: never print this). */
export interface KafkaSaslSettings {
  readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

/**
 * OAUTHBEARER tokens from an OAuth token endpoint with the client credentials grant, as Kafka's
 * `OAuthBearerLoginCallbackHandler` (KIP-768) gets them. Holds a secret in clear.
 */
export interface KafkaOAuthSettings {
  readonly mechanism: 'oauthbearer';
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope?: string;
}

/**
 * How one Kafka client connects, from the `security.protocol`, `ssl.*` and `sasl.*` keys. Plain
 * data, so it can cross to a worker thread.
 */
export interface KafkaClientSecurity {
  readonly protocol: SecurityProtocol;
  readonly tls: KafkaTlsSettings | null;
  readonly sasl: KafkaSaslSettings | null;
  /** OAUTHBEARER from a token endpoint (`sasl.oauthbearer.token.endpoint.url`), or `null`. */
  readonly oauth: KafkaOAuthSettings | null;
  /**
   * Problems that stand only if no SASL options are given in code (the runner's `kafka.sasl`):
   * OAUTHBEARER, or a SASL protocol without credentials.
   */
  readonly saslProblems: readonly ConfigProblem[];
}

/** The effective text of a key for one client (strongest prefix set), naming the key it came from. */
export type SettingText = (base: KafkaSecurityKey) => { key: string; value: string } | null;
/** Records one problem. */
export type ReportProblem = (p: ConfigProblem) => void;

// Hints for keys sinkkit's client (kafkajs) cannot honour, by base key prefix.
const UNSUPPORTED_HINTS: readonly [string, string][] = [
  ['sasl.kerberos.', 'Kerberos (GSSAPI) is not supported by sinkkit’s Kafka client (kafkajs)'],
  [
    'sasl.oauthbearer.',
    'OAUTHBEARER is supported only with a token provider given in code (the runner’s kafka.sasl option)',
  ],
  [
    'sasl.login.',
    'login callbacks are Java classes; OAUTHBEARER is supported only with a token provider given in code',
  ],
  ['sasl.client.callback.handler.class', 'callback handlers are Java classes (for MSK IAM see sasl.mechanism)'],
  ['ssl.enabled.protocols', 'Node negotiates TLS 1.2 or 1.3 by itself; remove it'],
  ['ssl.protocol', 'Node negotiates TLS 1.2 or 1.3 by itself; remove it'],
];

/**
 * Resolves the security settings of the consumer, the producer and the admin client (none is
 * built today; its keys are still checked, so a mistake does not wait) with
 * {@link resolveKafkaSecurity}. A key without prefix that no client uses (e.g. `sasl.*` with
 * `security.protocol=SSL`) is refused; one that only some clients use is not.
 */
export function resolveKafkaClients(
  values: KafkaClientKeyValues,
  originals: Readonly<Record<string, unknown>>,
  problems: ConfigProblem[],
): Readonly<Record<KafkaClientRole, KafkaClientSecurity>> {
  const unused = new Map<string, { count: number; problem: ConfigProblem }>();
  const roles = ['consumer', 'producer', 'admin'] as const;
  const out = {} as Record<KafkaClientRole, KafkaClientSecurity>;
  for (const role of roles) {
    out[role] = resolveKafkaSecurity(values, originals, role, problems, (p) => {
      const entry = unused.get(p.key) ?? { count: 0, problem: p };
      entry.count++;
      unused.set(p.key, entry);
    });
  }
  for (const { count, problem } of unused.values()) if (count === roles.length) problems.push(problem);
  return out;
}

/**
 * Resolves the security settings of one client (`role`) from the parsed keys, honouring
 * Kafka Connect's prefixes key by key ({@link keyPrefixes}: `consumer.override.x` over
 * `consumer.x` over `x`). Adds a problem naming the key for every setting the client cannot
 * honour, never printing a secret; reads PEM files named by `*.location`.
 */
export function resolveKafkaSecurity(
  values: KafkaClientKeyValues,
  originals: Readonly<Record<string, unknown>>,
  role: KafkaClientRole,
  problems: ConfigProblem[],
  /** Gets the problems about worker-level keys (no prefix) this client does not use; default: added to `problems`. */
  unusedWorkerKey?: (problem: ConfigProblem) => void,
): KafkaClientSecurity {
  const seen = new Set(problems.map((p) => `${p.key}\n${p.reason}`));
  const problem = (p: ConfigProblem) => {
    const id = `${p.key}\n${p.reason}`;
    if (!seen.has(id)) problems.push(p);
    seen.add(id);
  };
  for (const key of Object.keys(originals)) {
    const found = securityKeyOf(key, role);
    if (found === null || isKnownSecurityKey(found.base) || originals[key] == null) continue;
    const hint = UNSUPPORTED_HINTS.find(([prefix]) => found.base.startsWith(prefix))?.[1];
    problem({ key, reason: `is not supported by sinkkit's Kafka client${hint ? `: ${hint}` : '; remove it'}` });
  }

  const pick = (base: KafkaSecurityKey) => {
    for (const prefix of [...keyPrefixes(role)].reverse()) {
      const key = `${prefix}${base}` as keyof KafkaClientKeyValues;
      const value = values[key];
      if (value != null) return { key: key as string, value };
    }
    return null;
  };
  const text = (base: KafkaSecurityKey) => {
    const found = pick(base);
    return (
      found && { key: found.key, value: found.value instanceof Password ? found.value.value() : String(found.value) }
    );
  };

  const protocolSetting = pick('security.protocol');
  const protocol = (protocolSetting?.value as SecurityProtocol | undefined) ?? 'PLAINTEXT';
  const protocolKey = protocolSetting?.key ?? 'security.protocol';
  const usesTls = protocol === 'SSL' || protocol === 'SASL_SSL';
  const usesSasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
  const unused = (base: KafkaSecurityKey, needs: string) => {
    const found = pick(base);
    if (found === null) return;
    const p = {
      key: found.key,
      ...shown(found.value),
      reason: `is set, but ${protocolKey}=${protocol} does not use ${needs}; set ${protocolKey} to ${needs === 'TLS' ? 'SSL or SASL_SSL' : 'SASL_SSL or SASL_PLAINTEXT'}, or remove it`,
    };
    if (found.key === base && unusedWorkerKey) unusedWorkerKey(p);
    else problem(p);
  };

  let tls: KafkaTlsSettings | null = null;
  const tlsKeys: KafkaSecurityKey[] = [
    'ssl.truststore.type',
    'ssl.truststore.location',
    'ssl.truststore.certificates',
    'ssl.truststore.password',
    'ssl.keystore.type',
    'ssl.keystore.location',
    'ssl.keystore.certificate.chain',
    'ssl.keystore.key',
    'ssl.keystore.password',
    'ssl.key.password',
    'ssl.endpoint.identification.algorithm',
  ];
  if (usesTls) tls = resolveTls(text, problem);
  else for (const base of tlsKeys) unused(base, 'TLS');

  let sasl: KafkaSaslSettings | null = null;
  let oauth: KafkaOAuthSettings | null = null;
  const saslProblems: ConfigProblem[] = [];
  if (usesSasl) {
    const resolved = resolveSasl(text, protocolKey, protocol, problem, saslProblems);
    if (resolved?.mechanism === 'oauthbearer') oauth = resolved;
    else sasl = resolved;
  } else {
    for (const base of [
      'sasl.mechanism',
      'sasl.jaas.config',
      'sasl.oauthbearer.token.endpoint.url',
      'sasl.login.callback.handler.class',
    ] as const) {
      unused(base, 'SASL');
    }
  }
  return { protocol, tls, sasl, oauth, saslProblems };
}

function shown(value: unknown): { value: string } {
  return { value: value instanceof Password ? HIDDEN : String(value) };
}
