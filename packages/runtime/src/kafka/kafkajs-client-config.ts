import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '@sinkkit/core';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { KafkaClientSecurity } from './kafka-security.js';
import { clientCredentialsTokens } from './oauth-client-credentials.js';

/**
 * kafkajs client options an embedded user sets in code, merged over those mapped from the
 * properties: `ssl` field by field (e.g. add a `ca` and keep the hostname check), `sasl` as a
 * whole (e.g. `{ mechanism: 'oauthbearer', oauthBearerProvider }`), anything else as given.
 * `brokers`, `clientId` and `logCreator` stay the runtime's.
 */
export type KafkaClientOverrides = Omit<KafkaConfig, 'brokers' | 'clientId' | 'logCreator'>;

/**
 * The kafkajs options for a client with `security`, with `overrides` merged over them. Throws a
 * `ConfigError` for SASL settings that only code can complete (OAUTHBEARER, missing
 * credentials) when `overrides` gives no `sasl`.
 */
export function kafkajsSecurityConfig(
  security: KafkaClientSecurity,
  overrides: KafkaClientOverrides = {},
): Omit<KafkaConfig, 'brokers'> {
  if (overrides.sasl === undefined && security.saslProblems.length > 0) throw new ConfigError(security.saslProblems);
  const mapped: { ssl?: ConnectionOptions; sasl?: SASLOptions } = {};
  if (security.tls) {
    const { ca, cert, key, passphrase, verifyHostname } = security.tls;
    mapped.ssl = {
      ...(ca === undefined ? {} : { ca }),
      ...(cert === undefined ? {} : { cert }),
      ...(key === undefined ? {} : { key }),
      ...(passphrase === undefined ? {} : { passphrase }),
      // The chain is still verified; only the host name check is off (Kafka's empty algorithm).
      ...(verifyHostname ? {} : { checkServerIdentity: () => undefined }),
    };
  }
  if (security.sasl) mapped.sasl = { ...security.sasl } as SASLOptions;
  if (security.oauth)
    mapped.sasl = { mechanism: 'oauthbearer', oauthBearerProvider: clientCredentialsTokens(security.oauth) };
  const { ssl, sasl, ...rest } = overrides;
  const mergedSsl = ssl === undefined ? mapped.ssl : typeof ssl === 'object' ? { ...mapped.ssl, ...ssl } : ssl;
  const mergedSasl = sasl ?? mapped.sasl;
  return {
    ...rest,
    ...(mergedSsl === undefined ? {} : { ssl: mergedSsl }),
    ...(mergedSasl === undefined ? {} : { sasl: mergedSasl }),
  };
}

/** The security of a client that connects in plain text: what a consumer built without settings uses. */
export const PLAINTEXT: KafkaClientSecurity = Object.freeze({
  protocol: 'PLAINTEXT',
  tls: null,
  sasl: null,
  oauth: null,
  saslProblems: [],
});
