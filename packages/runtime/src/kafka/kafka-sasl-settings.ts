import { type ConfigProblem, HIDDEN } from '@sinkkit/core';
import { JaasSyntaxError, parseJaasConfig } from './jaas-config.js';
import type { SecurityProtocol } from './kafka-client-keys.js';
import type {
  KafkaOAuthSettings,
  KafkaSaslSettings,
  ReportProblem as Report,
  SettingText as Text,
} from './kafka-security.js';

const MECHANISMS = { PLAIN: 'plain', 'SCRAM-SHA-256': 'scram-sha-256', 'SCRAM-SHA-512': 'scram-sha-512' } as const;
const LOGIN_MODULES: Record<KafkaSaslSettings['mechanism'], string> = {
  plain: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'scram-sha-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'scram-sha-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
};
const SUPPORTED = 'PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER';

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
): KafkaSaslSettings | KafkaOAuthSettings | null {
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
  if (upper === 'OAUTHBEARER') return resolveOAuth(text, at, jaas, problem, saslProblems);
  for (const base of ['sasl.oauthbearer.token.endpoint.url', 'sasl.login.callback.handler.class'] as const) {
    const set = text(base);
    if (set) problem({ ...set, reason: `is used only with sasl.mechanism=OAUTHBEARER, not ${upper}; remove it` });
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
  const options = loginOptions(jaas, upper, LOGIN_MODULES[mechanism], ['username', 'password'], problem);
  if (options === null) return null;
  const username = options.get('username');
  const password = options.get('password');
  const bad = (reason: string) => {
    problem({ key: jaas.key, value: HIDDEN, reason });
    return null;
  };
  if (!username) return bad(`${LOGIN_MODULES[mechanism]} needs username="…"`);
  if (password === undefined) return bad(`${LOGIN_MODULES[mechanism]} needs password="…"`);
  return { mechanism, username, password };
}

const OAUTH_MODULE = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule';
// Kafka's client-credentials handler (KIP-768), under its Kafka 3.1–3.3 and 3.4+ names.
const OAUTH_HANDLERS = [
  'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler',
  'org.apache.kafka.common.security.oauthbearer.secured.OAuthBearerLoginCallbackHandler',
];

/**
 * OAUTHBEARER as Kafka's client-credentials login (KIP-768) configures it:
 * `sasl.oauthbearer.token.endpoint.url` and `OAuthBearerLoginModule required clientId="…"
 * clientSecret="…" [scope="…"];`. Without a token endpoint only code can provide tokens.
 */
function resolveOAuth(
  text: Text,
  at: { key: string; value: string },
  jaas: { key: string; value: string } | null,
  problem: Report,
  saslProblems: ConfigProblem[],
): KafkaOAuthSettings | null {
  const endpoint = text('sasl.oauthbearer.token.endpoint.url');
  const handler = text('sasl.login.callback.handler.class');
  if (handler && !OAUTH_HANDLERS.includes(handler.value)) {
    problem({
      ...handler,
      reason: `is a Java class that cannot run here; with sasl.oauthbearer.token.endpoint.url only ${OAUTH_HANDLERS[0]} (client credentials) is supported`,
    });
    return null;
  }
  if (endpoint === null) {
    saslProblems.push({
      ...at,
      reason:
        "needs a token source: set sasl.oauthbearer.token.endpoint.url (client credentials, with clientId and clientSecret in sasl.jaas.config), or give a token provider in code (the runner's kafka: { sasl: { mechanism: 'oauthbearer', oauthBearerProvider } } option)",
    });
    return null;
  }
  let url: URL | null = null;
  try {
    url = new URL(endpoint.value);
  } catch {}
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    problem({ ...endpoint, reason: 'must be an http(s) URL without credentials in it' });
    return null;
  }
  if (jaas === null) {
    problem({
      key: 'sasl.jaas.config',
      reason: `missing: OAUTHBEARER needs ${OAUTH_MODULE} required clientId="…" clientSecret="…";`,
    });
    return null;
  }
  const options = loginOptions(jaas, 'OAUTHBEARER', OAUTH_MODULE, ['clientId', 'clientSecret', 'scope'], problem);
  if (options === null) return null;
  const clientId = options.get('clientId');
  const clientSecret = options.get('clientSecret');
  if (!clientId || clientSecret === undefined) {
    problem({ key: jaas.key, value: HIDDEN, reason: `${OAUTH_MODULE} needs clientId="…" and clientSecret="…"` });
    return null;
  }
  const scope = options.get('scope');
  return { mechanism: 'oauthbearer', tokenEndpoint: url.href, clientId, clientSecret, ...(scope ? { scope } : {}) };
}

/** The options of the one login module of `jaas`, which must be `expected` with only `allowed` options. */
function loginOptions(
  jaas: { key: string; value: string },
  mechanism: string,
  expected: string,
  allowed: readonly string[],
  problem: Report,
): ReadonlyMap<string, string> | null {
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
  if (module.className !== expected) {
    const known = [...Object.values(LOGIN_MODULES), OAUTH_MODULE].includes(module.className);
    return bad(
      known
        ? `${module.className} does not go with sasl.mechanism=${mechanism}; use ${expected}`
        : `login module ${module.className} is not supported; with sasl.mechanism=${mechanism} use ${expected}`,
    );
  }
  if (module.flag !== 'required') return bad(`the control flag must be required, not ${module.flag}`);
  const extra = [...module.options.keys()].filter((k) => !allowed.includes(k));
  if (extra.length > 0) {
    return bad(
      `option ${extra.map((k) => (/^[A-Za-z][\w.-]{0,40}$/.test(k) ? k : '(unreadable)')).join(', ')} is not supported; give ${allowed.join(', ')} only`,
    );
  }
  return module.options;
}
