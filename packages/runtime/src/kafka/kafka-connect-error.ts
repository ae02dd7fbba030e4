import { SinkkitError } from '@sinkkit/core';
import type { SecurityProtocol } from './kafka-client-keys.js';

/** Why a Kafka client could not connect: the network, TLS, or SASL authentication. */
export type KafkaConnectFailure = 'KAFKA_UNREACHABLE' | 'KAFKA_TLS_FAILED' | 'KAFKA_AUTH_FAILED';

/**
 * A Kafka client could not make its first connection. The message is one line naming
 * `bootstrap.servers`, its value, the cause and what was tried, e.g.
 * `cannot reach Kafka at bootstrap.servers=127.0.0.1:1 (connection refused, 16 attempts over 9.7 s)`.
 * Retriable only when the network failed (the brokers may come up); TLS and SASL failures are
 * settings to fix. The client's own error is the `cause`.
 */
export class KafkaConnectError extends SinkkitError {
  override name = 'KafkaConnectError';
  readonly attempts: number;
  readonly elapsedMs: number;

  constructor(
    message: string,
    options: { code: KafkaConnectFailure; attempts: number; elapsedMs: number; cause: unknown },
  ) {
    super(message, { code: options.code, retriable: options.code === 'KAFKA_UNREACHABLE', cause: options.cause });
    this.attempts = options.attempts;
    this.elapsedMs = options.elapsedMs;
  }
}

const TLS_TRUST = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);
const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};
// A listener that hangs up at once usually speaks another protocol than the client.
const HUNG_UP = /^(Closed connection|Connection closed|socket hang up|Client network socket disconnected)/i;

/**
 * Turns what a kafkajs `connect()` rejected with into a {@link KafkaConnectError}, or returns
 * `error` unchanged when it is not a connection failure (a `ConfigError`, say).
 */
export function connectError(
  error: unknown,
  bootstrapServers: readonly string[],
  elapsedMs: number,
  protocol: SecurityProtocol = 'PLAINTEXT',
): unknown {
  const chain = causes(error);
  const retries = chain.find((e) => e.name === 'KafkaJSNumberOfRetriesExceeded') as { retryCount?: number } | undefined;
  const attempts = typeof retries?.retryCount === 'number' ? retries.retryCount + 1 : 1;
  const root = chain[chain.length - 1] as (Error & { code?: unknown; type?: unknown }) | undefined;
  if (root === undefined || (error instanceof SinkkitError && error.code !== 'OAUTH_TOKEN_FAILED')) return error;
  const code = chain.map((e) => (e as { code?: unknown }).code).find((c) => typeof c === 'string') as
    | string
    | undefined;
  const at = `Kafka at bootstrap.servers=${bootstrapServers.join(',')}`;
  const tried = `${attempts} attempt${attempts === 1 ? '' : 's'} over ${(elapsedMs / 1000).toFixed(1)} s`;
  const detail = oneLine(root.message).replace(/^Connection error: /, '');
  const make = (code: KafkaConnectFailure, message: string) =>
    new KafkaConnectError(message, { code, attempts, elapsedMs, cause: error });

  const sasl = chain.some(
    (e) =>
      e.name === 'KafkaJSSASLAuthenticationError' || (e as { type?: unknown }).type === 'SASL_AUTHENTICATION_FAILED',
  );
  if ((root as { code?: unknown }).code === 'OAUTH_TOKEN_FAILED') {
    return make('KAFKA_AUTH_FAILED', `SASL authentication to ${at} failed: ${detail} (${tried})`);
  }
  if (sasl || (root as { type?: unknown }).type === 'UNSUPPORTED_SASL_MECHANISM') {
    return make(
      'KAFKA_AUTH_FAILED',
      `SASL authentication to ${at} failed: ${detail} (check sasl.mechanism and sasl.jaas.config; ${tried})`,
    );
  }
  if (code !== undefined && TLS_TRUST.has(code)) {
    return make(
      'KAFKA_TLS_FAILED',
      `TLS handshake with ${at} failed: the broker's certificate is not trusted (${detail}); check ssl.truststore.certificates / ssl.truststore.location (${tried})`,
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return make(
      'KAFKA_TLS_FAILED',
      `TLS handshake with ${at} failed: the broker's certificate does not name its host (${detail}); fix the certificate, or set ssl.endpoint.identification.algorithm= (empty) to skip the check (${tried})`,
    );
  }
  if (code?.startsWith('ERR_SSL_') || code?.startsWith('ERR_TLS_') || /certificate|ssl|tls/i.test(detail)) {
    return make(
      'KAFKA_TLS_FAILED',
      `TLS handshake with ${at} failed: ${detail} (check security.protocol and ssl.*; ${tried})`,
    );
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || HUNG_UP.test(detail)) {
    const hint =
      protocol === 'SSL' || protocol === 'SASL_SSL'
        ? `does the listener speak TLS? security.protocol=${protocol}`
        : `does the listener want TLS? security.protocol=${protocol}`;
    return make(
      'KAFKA_UNREACHABLE',
      `cannot reach ${at} (the broker closed the connection at once: ${hint}; ${tried})`,
    );
  }
  const network = code === undefined ? undefined : NETWORK[code];
  const reason = network ?? (/timeout/i.test(detail) ? 'connection timed out' : detail);
  return make('KAFKA_UNREACHABLE', `cannot reach ${at} (${reason}, ${tried})`);
}

// The error and every error it wraps, outermost first.
function causes(error: unknown): Error[] {
  const out: Error[] = [];
  for (let e = error; e instanceof Error && out.length < 10; e = (e as { cause?: unknown }).cause) out.push(e);
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
