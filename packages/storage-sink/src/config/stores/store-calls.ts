import type { StoreAttemptFailure } from '@sinkkit/core';
import type { StoreTimeoutValues } from '../store-timeout-config-def.js';

/** What the task hands to the store it opens: when to stop retrying, and where warnings go. */
export interface StoreHooks {
  /** Aborted when the task stops: store calls stop retrying (`STORAGE_STOPPED`). */
  readonly signal?: AbortSignal;
  /** Receives one-line warnings. Default `process.emitWarning` with code `SINKKIT_STORE_FAILURE`. */
  readonly warn?: (message: string) => void;
}

/** The per-call options every adapter takes: the request bound, the stop signal and the failure hook. */
export interface StoreCallSettings {
  readonly requestTimeoutMs: number;
  readonly signal?: AbortSignal;
  readonly onFailure: (failure: StoreAttemptFailure) => void;
}

/** Longest error text quoted in a warning; the full error is the call's failure. */
const MAX_ERROR_CHARS = 300;

/** At most one warning per store in this window; the next one says how many were left out. */
const WARN_EVERY_MS = 10_000;

/**
 * The adapter options of a store opened from the configuration. A call's first failed attempt is
 * logged at once, as one line naming the store (`url`, and the `endpoint` without credentials or
 * query) and the keys to check, rather than only after every retry has failed; later attempts and
 * other calls failing within 10 s are counted into the next line.
 */
export function storeCallSettings(
  c: StoreTimeoutValues,
  store: { readonly url: string; readonly endpoint?: string | null; readonly check: string },
  hooks: StoreHooks = {},
): StoreCallSettings {
  const warn = hooks.warn ?? ((message: string) => process.emitWarning(message, { code: 'SINKKIT_STORE_FAILURE' }));
  const where = store.endpoint ? `${store.url} at ${safeEndpoint(store.endpoint)}` : store.url;
  let lastWarned = Number.NEGATIVE_INFINITY;
  let unreported = 0;
  return {
    requestTimeoutMs: c['store.request.timeout.ms'],
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    onFailure: ({ attempt, maxAttempts, error, willRetry }) => {
      const now = Date.now();
      if (attempt !== 1 || now - lastWarned < WARN_EVERY_MS) {
        unreported++;
        return;
      }
      lastWarned = now;
      const more = unreported > 0 ? ` (${unreported} more failed attempts since the last warning)` : '';
      unreported = 0;
      const next = willRetry ? `retrying (${maxAttempts} attempts at most)` : 'not retried';
      // One short line: some SDKs put the request's details (agent state, headers) on lines of their own.
      const flat = error.message.replace(/\s*\n\s*/g, ' ');
      const what = flat.length > MAX_ERROR_CHARS ? `${flat.slice(0, MAX_ERROR_CHARS)}…` : flat;
      warn(
        `store ${where}: ${what} [${error.code}]; attempt 1 failed, ${next}${more}. If the store cannot be reached, check ${store.check}.`,
      );
    },
  };
}

/** An endpoint as it may be printed: scheme, host, port and path; no user info, no query (a SAS). */
export function safeEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '[unparseable endpoint]';
  }
}
