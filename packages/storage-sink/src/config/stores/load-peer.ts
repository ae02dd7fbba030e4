import { ConfigError } from '@sinkkit/core';

/**
 * Imports an optional peer dependency (an adapter or its SDK) only when the configured store needs
 * it. When it is not installed, a `ConfigError` on `store.url` says which packages to install.
 */
export async function loadPeer<T>(load: () => Promise<T>, url: string, packages: readonly string[]): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissingModule(error)) throw error;
    const list = packages.join(' and ');
    throw new ConfigError(
      {
        key: 'store.url',
        value: url,
        reason: `needs the optional peer dependenc${packages.length > 1 ? 'ies' : 'y'} ${list}: npm install ${packages.join(' ')}`,
      },
      { cause: error },
    );
  }
}

/** Whether `error` is Node's failure to find an imported package. */
export function isMissingModule(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
