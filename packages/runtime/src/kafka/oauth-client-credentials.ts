import { SinkkitError } from '@sinkkit/core';
import type { OauthbearerProviderResponse } from 'kafkajs';
import type { KafkaOAuthSettings } from './kafka-security.js';

/** Renew a token this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

/**
 * An OAUTHBEARER token provider for kafkajs that gets tokens with the OAuth 2 client credentials
 * grant (RFC 6749 §4.4: client id and secret in HTTP Basic, `grant_type=client_credentials`,
 * optional `scope`), as Kafka's `OAuthBearerLoginCallbackHandler` does, and reuses a token
 * until a minute before it expires. Hand-written: it is one POST, and no maintained package
 * does it without pulling in a whole OAuth client.
 */
export function clientCredentialsTokens(settings: KafkaOAuthSettings): () => Promise<OauthbearerProviderResponse> {
  let cached: { value: string; renewAt: number } | undefined;
  return async () => {
    if (cached && Date.now() < cached.renewAt) return { value: cached.value };
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (settings.scope) body.set('scope', settings.scope);
    const basic = Buffer.from(`${encodeURIComponent(settings.clientId)}:${encodeURIComponent(settings.clientSecret)}`);
    let response: Response;
    try {
      response = await fetch(settings.tokenEndpoint, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic.toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw tokenError(settings, `cannot reach it: ${(error as Error).message}`, true, error);
    }
    const text = await response.text();
    if (!response.ok) {
      throw tokenError(
        settings,
        `it answered HTTP ${response.status}`,
        response.status >= 500 || response.status === 429,
      );
    }
    let token: { access_token?: unknown; expires_in?: unknown };
    try {
      token = JSON.parse(text) as typeof token;
    } catch {
      throw tokenError(settings, 'its answer is not JSON', false);
    }
    if (typeof token.access_token !== 'string' || token.access_token === '') {
      throw tokenError(settings, 'its answer has no access_token', false);
    }
    const lifetimeMs = typeof token.expires_in === 'number' ? token.expires_in * 1000 : 3_600_000;
    cached = { value: token.access_token, renewAt: Date.now() + Math.max(0, lifetimeMs - RENEW_BEFORE_MS) };
    return { value: token.access_token };
  };
}

function tokenError(settings: KafkaOAuthSettings, what: string, retriable: boolean, cause?: unknown): SinkkitError {
  // The endpoint is printed without query (it must not hold secrets, but a user might put one there).
  const url = new URL(settings.tokenEndpoint);
  return new SinkkitError(
    `OAUTHBEARER token request to sasl.oauthbearer.token.endpoint.url=${url.origin}${url.pathname} failed: ${what}`,
    { code: 'OAUTH_TOKEN_FAILED', retriable, cause },
  );
}
