import { ConfigError } from '@sinkkit/core';

/** `file:///path` or `file://localhost/path`: an empty or local host, then an absolute path. */
const LOCAL_FILE_URL = /^file:\/\/(localhost)?\//i;

/**
 * The folder a `file:` store URL names. Only `file:///absolute/path` and `file://localhost/path`
 * are accepted: `file://out` would parse with host `out` (dropped, so files would go to `/`) and
 * `file:out` or `file:/out` are not the form the docs give, so each is a {@link ConfigError}
 * naming `store.url`, the value and the reason rather than a guess.
 */
export function fileRoot(url: string, parsed: URL): string {
  if (!LOCAL_FILE_URL.test(url.trim())) {
    const host = parsed.hostname === '' ? '' : ` (it names host ${parsed.hostname}, which would be dropped)`;
    throw new ConfigError({
      key: 'store.url',
      value: url,
      reason: `a file URL must be file:///absolute/folder or file://localhost/absolute/folder${host}`,
    });
  }
  return decodeURIComponent(parsed.pathname);
}
