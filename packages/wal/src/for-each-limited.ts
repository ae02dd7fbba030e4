/**
 * Runs `fn` on every item with at most `limit` calls in flight, waits for all of them to
 * settle, then rejects with the first failure if any.
 *
 * Waiting for the rest rather than failing fast matters here: finalize and delete are
 * idempotent, so every call that did succeed is progress the next attempt need not redo, and
 * nothing is left running after the caller has moved on.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`concurrency must be an integer >= 1, got ${limit}`);
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}
