import { readFileSync } from 'node:fs';
import { type ConfigProblem, HIDDEN, Password } from '@sinkkit/core';
import { JaasSyntaxError, parseJaasConfig } from './jaas-config.js';
import {
  isKnownSecurityKey,
  type KafkaClientKeyValues,
  type KafkaClientRole,
  type KafkaSecurityKey,
  keyPrefixes,
  type SecurityProtocol,
  securityKeyOf,
} from './kafka-client-keys.js';
import { pemBlocks, readPemKeyStore } from './pem.js';

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
 * How one Kafka client connects, from the `security.protocol`, `ssl.*` and `sasl.*` keys. Plain
 * data, so it can cross to a worker thread.
 */
export interface KafkaClientSecurity {
  readonly protocol: SecurityProtocol;
  readonly tls: KafkaTlsSettings | null;
  readonly sasl: KafkaSaslSettings | null;
  /**
   * Problems that stand only if no SASL options are given in code (the runner's `kafka.sasl`):
   * OAUTHBEARER, or a SASL protocol without credentials.
   */
  readonly saslProblems: readonly ConfigProblem[];
}

const MECHANISMS = { PLAIN: 'plain', 'SCRAM-SHA-256': 'scram-sha-256', 'SCRAM-SHA-512': 'scram-sha-512' } as const;
const LOGIN_MODULES: Record<KafkaSaslSettings['mechanism'], string> = {
  plain: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'scram-sha-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'scram-sha-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
};
const SUPPORTED = 'PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (or OAUTHBEARER with a token provider given in code)';

/** Why JKS and PKCS12 stores are refused, and how to convert them. */
export const CONVERT_TRUSTSTORE =
  'Node reads PEM only: convert the store, e.g. `keytool -exportcert -rfc -keystore truststore.jks -alias CARoot -file ca.pem` (PKCS12: `openssl pkcs12 -in truststore.p12 -nokeys -out ca.pem`), then set ssl.truststore.type=PEM and ssl.truststore.location=ca.pem';
export const CONVERT_KEYSTORE =
  'Node reads PEM only: convert the store, e.g. `keytool -importkeystore -srckeystore keystore.jks -destkeystore keystore.p12 -deststoretype PKCS12` then `openssl pkcs12 -in keystore.p12 -nodes -out keystore.pem` (key and certificates in one file), then set ssl.keystore.type=PEM and ssl.keystore.location=keystore.pem';

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
  const saslProblems: ConfigProblem[] = [];
  if (usesSasl) sasl = resolveSasl(text, protocolKey, protocol, problem, saslProblems);
  else for (const base of ['sasl.mechanism', 'sasl.jaas.config'] as const) unused(base, 'SASL');
  return { protocol, tls, sasl, saslProblems };
}

type Text = (base: KafkaSecurityKey) => { key: string; value: string } | null;
type Report = (p: ConfigProblem) => void;

function resolveTls(text: Text, problem: Report): KafkaTlsSettings {
  const out: { ca?: string; cert?: string; key?: string; passphrase?: string; verifyHostname: boolean } = {
    verifyHostname: true,
  };
  // Trust store.
  const trustType = text('ssl.truststore.type');
  const trustTypeOk = storeTypeOk(trustType, CONVERT_TRUSTSTORE, problem);
  const inlineCa = text('ssl.truststore.certificates');
  const caFile = text('ssl.truststore.location');
  if (inlineCa && caFile) {
    problem({ key: inlineCa.key, reason: `set either it or ${caFile.key}, not both` });
  } else if (inlineCa) {
    if (pemBlocks(inlineCa.value, 'CERTIFICATE').length === 0) {
      problem({ key: inlineCa.key, reason: 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)' });
    } else out.ca = inlineCa.value;
  } else if (caFile && trustTypeOk) {
    const read = readText(caFile, problem);
    if (read !== null) {
      if (pemBlocks(read, 'CERTIFICATE').length > 0) out.ca = read;
      else if (trustType === null) {
        problem({
          key: caFile.key,
          value: caFile.value,
          reason: `is not a PEM file (without ssl.truststore.type, Kafka reads it as JKS). ${CONVERT_TRUSTSTORE}`,
        });
      } else
        problem({
          key: caFile.key,
          value: caFile.value,
          reason: 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
        });
    }
  }
  const trustPassword = text('ssl.truststore.password');
  if (trustPassword && trustTypeOk) {
    problem({
      key: trustPassword.key,
      value: HIDDEN,
      reason: 'a PEM trust store has no password (Kafka refuses it too); remove it',
    });
  }

  // Key store (mutual TLS).
  const keyType = text('ssl.keystore.type');
  const keyTypeOk = storeTypeOk(keyType, CONVERT_KEYSTORE, problem);
  const chain = text('ssl.keystore.certificate.chain');
  const inlineKey = text('ssl.keystore.key');
  const keyFile = text('ssl.keystore.location');
  if (keyFile && (chain || inlineKey)) {
    problem({
      key: keyFile.key,
      value: keyFile.value,
      reason: `set either it or ${(chain ?? inlineKey)?.key}, not both`,
    });
  } else if (chain || inlineKey) {
    if (!chain)
      problem({ key: inlineKey?.key ?? '', value: HIDDEN, reason: 'needs ssl.keystore.certificate.chain too' });
    else if (!inlineKey) problem({ key: chain.key, reason: 'needs ssl.keystore.key (the private key) too' });
    else if (pemBlocks(chain.value, 'CERTIFICATE').length === 0) {
      problem({ key: chain.key, reason: 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)' });
    } else if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(inlineKey.value)) {
      problem({ key: inlineKey.key, value: HIDDEN, reason: 'holds no PEM private key (-----BEGIN PRIVATE KEY-----)' });
    } else {
      out.cert = chain.value;
      out.key = inlineKey.value;
    }
  } else if (keyFile && keyTypeOk) {
    const read = readText(keyFile, problem);
    if (read !== null) {
      const store = readPemKeyStore(read);
      if (store === null) {
        problem({
          key: keyFile.key,
          value: keyFile.value,
          reason:
            keyType === null
              ? `is not a PEM file with a private key and a certificate (without ssl.keystore.type, Kafka reads it as JKS). ${CONVERT_KEYSTORE}`
              : 'needs a PEM private key and at least one PEM certificate',
        });
      } else {
        out.cert = store.cert;
        out.key = store.key;
      }
    }
  }
  const storePassword = text('ssl.keystore.password');
  if (storePassword && keyTypeOk) {
    problem({
      key: storePassword.key,
      value: HIDDEN,
      reason: 'a PEM key store has no password (Kafka refuses it too); an encrypted key takes ssl.key.password',
    });
  }
  const keyPassword = text('ssl.key.password');
  if (keyPassword) {
    if (!chain && !inlineKey && !keyFile) {
      problem({
        key: keyPassword.key,
        value: HIDDEN,
        reason: 'is set, but no key store (ssl.keystore.key or ssl.keystore.location) is',
      });
    } else out.passphrase = keyPassword.value;
  }

  const algorithm = text('ssl.endpoint.identification.algorithm');
  if (algorithm) {
    if (algorithm.value === '') out.verifyHostname = false;
    else if (algorithm.value.toLowerCase() !== 'https') {
      problem({
        key: algorithm.key,
        value: algorithm.value,
        reason: 'must be https (check the broker certificate names its host) or empty (do not check the name)',
      });
    }
  }
  return out;
}

function resolveSasl(
  text: Text,
  protocolKey: string,
  protocol: SecurityProtocol,
  problem: Report,
  saslProblems: ConfigProblem[],
): KafkaSaslSettings | null {
  const mechanismSetting = text('sasl.mechanism');
  const jaas = text('sasl.jaas.config');
  if (mechanismSetting === null) {
    saslProblems.push({
      key: 'sasl.mechanism',
      reason: `missing: ${protocolKey}=${protocol} needs one, and Kafka's default GSSAPI (Kerberos) is not supported; set ${SUPPORTED}`,
    });
    return null;
  }
  const upper = mechanismSetting.value.toUpperCase();
  const at = { key: mechanismSetting.key, value: mechanismSetting.value };
  if (upper === 'GSSAPI') {
    problem({ ...at, reason: `Kerberos is not supported by sinkkit's Kafka client (kafkajs); use ${SUPPORTED}` });
    return null;
  }
  if (upper === 'AWS_MSK_IAM') {
    problem({
      ...at,
      reason:
        'is not supported from properties: on MSK use SCRAM-SHA-512, or IAM through OAUTHBEARER with a token provider given in code (AWS’s aws-msk-iam-sasl-signer-js generateAuthToken, passed as the runner’s kafka.sasl option)',
    });
    return null;
  }
  if (upper === 'OAUTHBEARER') {
    saslProblems.push({
      ...at,
      reason:
        "needs a token provider given in code (the runner's kafka: { sasl: { mechanism: 'oauthbearer', oauthBearerProvider } } option); Kafka's Java login callback handlers cannot run here",
    });
    return null;
  }
  const mechanism = MECHANISMS[upper as keyof typeof MECHANISMS];
  if (mechanism === undefined) {
    problem({ ...at, reason: `is not a supported SASL mechanism; use ${SUPPORTED}` });
    return null;
  }
  if (jaas === null) {
    saslProblems.push({
      key: 'sasl.jaas.config',
      reason: `missing: sasl.mechanism=${upper} needs credentials, e.g. ${LOGIN_MODULES[mechanism]} required username="…" password="…";`,
    });
    return null;
  }
  const bad = (reason: string) => {
    problem({ key: jaas.key, value: HIDDEN, reason });
    return null;
  };
  let module: ReturnType<typeof parseJaasConfig>;
  try {
    module = parseJaasConfig(jaas.value);
  } catch (error) {
    if (error instanceof JaasSyntaxError) return bad(error.message);
    throw error;
  }
  const expected = LOGIN_MODULES[mechanism];
  if (module.className !== expected) {
    const known = Object.values(LOGIN_MODULES).includes(module.className);
    return bad(
      known
        ? `${module.className} does not go with sasl.mechanism=${upper}; use ${expected}`
        : `login module ${module.className} is not supported; with sasl.mechanism=${upper} use ${expected}`,
    );
  }
  if (module.flag !== 'required') return bad(`the control flag must be required, not ${module.flag}`);
  const extra = [...module.options.keys()].filter((k) => k !== 'username' && k !== 'password');
  if (extra.length > 0) {
    return bad(
      `option ${extra.map((k) => (/^[A-Za-z][\w.-]{0,40}$/.test(k) ? k : '(unreadable)')).join(', ')} is not supported; give username and password only`,
    );
  }
  const username = module.options.get('username');
  const password = module.options.get('password');
  if (!username) return bad(`${expected} needs username="…"`);
  if (password === undefined) return bad(`${expected} needs password="…"`);
  return { mechanism, username, password };
}

// A store type: PEM (or unset) is fine; JKS/PKCS12 are refused with how to convert.
function storeTypeOk(type: { key: string; value: string } | null, convert: string, problem: Report): boolean {
  if (type === null || type.value.toUpperCase() === 'PEM') return true;
  const upper = type.value.toUpperCase();
  problem({
    key: type.key,
    value: type.value,
    reason: upper === 'JKS' || upper === 'PKCS12' ? `is not supported. ${convert}` : 'must be PEM',
  });
  return false;
}

function readText(file: { key: string; value: string }, problem: Report): string | null {
  try {
    return readFileSync(file.value, 'utf8');
  } catch (error) {
    problem({ key: file.key, value: file.value, reason: `cannot be read: ${(error as Error).message}` });
    return null;
  }
}

function shown(value: unknown): { value: string } {
  return { value: value instanceof Password ? HIDDEN : String(value) };
}
