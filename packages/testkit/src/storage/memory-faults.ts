import { StorageError, StorageErrorCode } from '@sinkkit/core';

/** The operations of a `MemoryStorage` (and of its staged writers) that faults can be injected into. */
export type MemoryOperation =
  | 'putIfAbsent'
  | 'get'
  | 'head'
  | 'list'
  | 'delete'
  | 'openStaged'
  | 'write'
  | 'close'
  | 'abort'
  | 'finalize'
  | 'abortStaged'
  | 'listStaged';

/** Options of `MemoryStorage.failNext`. */
export interface FaultOptions {
  /** What to throw. Default: a retriable `StorageError` `STORAGE_UNAVAILABLE` saying it was injected. */
  readonly error?: unknown;
  /** Only calls on this key (or keys it accepts) fail. Default: any key. */
  readonly key?: string | ((key: string) => boolean);
  /**
   * Fail *after* the operation took effect, as when a store applies a request and the answer is
   * lost (a timeout after the commit): the caller sees an error although, say, the WAL entry was
   * written. Default `false`: fail before, nothing happens.
   */
  readonly after?: boolean;
  /** How many matching calls fail. Default 1. */
  readonly times?: number;
}

interface Fault extends FaultOptions {
  readonly operation: MemoryOperation;
  remaining: number;
}

/** Faults waiting for their operation, matched first-in first-out. */
export class FaultPlan {
  readonly #faults: Fault[] = [];

  add(operation: MemoryOperation, options: FaultOptions): void {
    this.#faults.push({ ...options, operation, remaining: options.times ?? 1 });
  }

  /** Runs `action` under the first matching fault, if any: throws before or after it. */
  async run<T>(operation: MemoryOperation, key: string, action: () => Promise<T> | T): Promise<T> {
    const fault = this.#take(operation, key);
    if (fault && !fault.after) throw errorOf(fault, key);
    const result = await action();
    if (fault?.after) throw errorOf(fault, key);
    return result;
  }

  #take(operation: MemoryOperation, key: string): Fault | undefined {
    const index = this.#faults.findIndex(
      (fault) =>
        fault.operation === operation &&
        (fault.key === undefined || (typeof fault.key === 'string' ? fault.key === key : fault.key(key))),
    );
    const fault = this.#faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults.splice(index, 1);
    return fault;
  }
}

function errorOf(fault: Fault, key: string): unknown {
  if (fault.error !== undefined) return fault.error;
  const when = fault.after ? 'after the operation took effect' : 'before the operation';
  return new StorageError(StorageErrorCode.UNAVAILABLE, `injected fault (${when})`, {
    operation: fault.operation,
    key,
  });
}
