import { ConfigError } from '@sinkkit/core';
import { expect } from 'vitest';

/** The ConfigError `promise` rejects with (the test fails when it resolves or rejects otherwise). */
export async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}
