import type { Storage } from '@sinkkit/core';
import type { SuiteHooks } from '../fixture/test-environment.js';

/**
 * The functions of the test framework the suite registers its tests with. Vitest and Jest pass
 * their own (`{ describe, it, beforeAll, afterAll }`); the suite never imports a framework, and it
 * asserts with `node:assert`, whose errors every framework reports with a diff.
 */
export interface ConformanceFunctions extends SuiteHooks {
  describe(name: string, fn: () => void): void;
  /** `timeoutMs` is passed only when {@link StorageConformanceOptions.timeoutMs} is set. */
  it(name: string, fn: () => Promise<void>, timeoutMs?: number): void;
}

/** What the adapter's `setup` hands the suite: the storage under test and how to reach it again. */
export interface StorageUnderTest {
  readonly storage: Storage;
  /**
   * A second `Storage` on the same store, built as another process would build it (a new client,
   * no shared memory). The cross-process tests use it; without it they use `storage` itself, which
   * still proves the JSON round trip of a `StagedUpload` but not that no in-process state is needed.
   */
  another?(): Storage | Promise<Storage>;
  /** Releases what `setup` started (servers, clients, temp folders). Called once, after all tests. */
  stop?(): Promise<void>;
}

/** Options of {@link describeStorageConformance}. */
export interface StorageConformanceOptions {
  /**
   * Whether the store really refuses to overwrite in `putIfAbsent`. Default: what
   * `storage.capabilities.conditionalCreate` claims. Say `'not-enforced'` for a server that ignores
   * create-only conditions (s3rver, the GCS emulator): the suite then only checks that creating a
   * missing key works.
   */
  readonly conditionalCreate?: 'enforced' | 'not-enforced';
  /** Total bytes of the large multi-chunk staged upload. Default 12.5 MiB (more than two 5 MiB S3 parts). */
  readonly largeUploadBytes?: number;
  /** Key prefix under which every test writes (each test adds its own random folder). Default `conformance-<random>/`. */
  readonly prefix?: string;
  /** Per-test timeout handed to `it`. Default: the framework's own. */
  readonly timeoutMs?: number;
}

/** What each group of conformance tests gets from the suite. */
export interface ConformanceContext {
  /** Registers a test (with the configured timeout). */
  it(name: string, fn: () => Promise<void>): void;
  /** The storage under test; valid inside tests only. */
  storage(): Storage;
  /** Another instance on the same store (or the same one; see {@link StorageUnderTest.another}). */
  another(): Promise<Storage>;
  /** A fresh, random key prefix ending in `/`, under the suite's prefix. */
  freshPrefix(): string;
  /** Whether create-only writes are enforced by this store (resolved after setup). */
  conditionalCreateEnforced(): boolean;
  readonly largeUploadBytes: number;
}
