import { randomBytes } from 'node:crypto';
import type { Storage } from '@sinkkit/core';
import { TestkitError } from '../errors.js';
import { crossProcessTests } from './conformance/cross-process.js';
import { listingTests } from './conformance/listing.js';
import { objectTests } from './conformance/objects.js';
import { stagedTests } from './conformance/staged.js';
import { listAll } from './conformance-helpers.js';
import type {
  ConformanceContext,
  ConformanceFunctions,
  StorageConformanceOptions,
  StorageUnderTest,
} from './conformance-types.js';

const DEFAULT_LARGE_UPLOAD = 12.5 * 1024 * 1024;

/**
 * Registers the Storage conformance suite: the tests every `Storage` adapter must pass, so the
 * exactly-once sink can rely on the contract rather than on one store's behaviour (the role
 * Confluent's `StorageSinkTestBase` plays for its connectors).
 *
 * `setup` runs once before the tests (and `stop` once after them). Every test writes under its
 * own random prefix, so the suite can share a bucket with other tests and runs; after the tests,
 * it deletes what it wrote and aborts what it left staged, best effort.
 *
 * @example
 * describeStorageConformance('MemoryStorage', { describe, it, beforeAll, afterAll }, async () => {
 *   const store = new MemoryStore();
 *   return { storage: new MemoryStorage({ store }), another: () => new MemoryStorage({ store }) };
 * });
 */
export function describeStorageConformance(
  name: string,
  functions: ConformanceFunctions,
  setup: () => Promise<StorageUnderTest>,
  options: StorageConformanceOptions = {},
): void {
  const root = options.prefix ?? `conformance-${randomBytes(4).toString('hex')}/`;
  let subject: StorageUnderTest | undefined;
  const storage = (): Storage => {
    if (!subject) throw new TestkitError('the storage under test is not set up: use it inside a test');
    return subject.storage;
  };
  const context: ConformanceContext = {
    it: (title, fn) =>
      options.timeoutMs === undefined ? functions.it(title, fn) : functions.it(title, fn, options.timeoutMs),
    storage,
    another: async () => (subject?.another ? await subject.another() : storage()),
    freshPrefix: () => `${root}${randomBytes(6).toString('hex')}/`,
    conditionalCreateEnforced: () =>
      options.conditionalCreate === undefined
        ? storage().capabilities.conditionalCreate
        : options.conditionalCreate === 'enforced',
    largeUploadBytes: options.largeUploadBytes ?? DEFAULT_LARGE_UPLOAD,
  };

  functions.describe(`Storage conformance: ${name}`, () => {
    functions.beforeAll(async () => {
      subject = await setup();
    });
    functions.afterAll(async () => {
      if (!subject) return;
      try {
        await cleanUp(subject.storage, root);
      } finally {
        await subject.stop?.();
      }
    });
    functions.describe('objects', () => objectTests(context));
    functions.describe('list', () => listingTests(context));
    functions.describe('staged uploads', () => stagedTests(context));
    functions.describe('recovery from another process', () => crossProcessTests(context));
  });
}

/** Best effort: a failed clean-up must not hide the tests' own results. */
async function cleanUp(storage: Storage, prefix: string): Promise<void> {
  try {
    for (const upload of await storage.listStaged(prefix)) await storage.abortStaged(upload);
    const { objects } = await listAll(storage, prefix);
    await Promise.all(objects.map((object) => storage.delete(object.key)));
  } catch {
    // Leftovers under a random prefix harm nobody; the tests have already reported.
  }
}
