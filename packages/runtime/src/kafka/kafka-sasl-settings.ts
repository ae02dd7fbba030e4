import { type ConfigProblem, HIDDEN } from '@sinkkit/core';
import { JaasSyntaxError, parseJaasConfig } from './jaas-config.js';
import type { SecurityProtocol } from './kafka-client-keys.js';
import type { KafkaSaslSettings, ReportProblem as Report, SettingText as Text } from './kafka-security.js';

const MECHANISMS = { PLAIN: 'plain', 'SCRAM-SHA-256': 'scram-sha-256', 'SCRAM-SHA-512': 'scram-sha-512' } as const;
const LOGIN_MODULES: Record<KafkaSaslSettings['mechanism'], string> = {
  plain: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'scram-sha-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'scram-sha-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
};
const SUPPORTED = 'PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (or OAUTHBEARER with a token provider given in code)';

/**
 * The SASL settings of one client from `sasl.mechanism` and `sasl.jaas.config`. Problems only
 * code can solve (OAUTHBEARER, no credentials) go to `saslProblems`; the rest to `problem`.
 */
export function resolveSasl(
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
