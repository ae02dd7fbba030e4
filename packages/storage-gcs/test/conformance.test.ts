import { describeStorageConformance, type GcsServer, startGcsServer } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { GcsStorage } from '../src/index.js';
import { bucketName, clientFor, type GcsRig, startGcsRig } from './support/gcs.js';

// A known emulator gap, a suite test expected to fail against it. `it.fails` keeps it running, so
// the day the emulator closes the gap, the test reports it. Real GCS has no such gap.
const EMULATOR_GAPS: ReadonlyArray<[RegExp, string]> = [
  // The emulator sorts names with JavaScript's `<` (UTF-16 code units); GCS lists in UTF-8 byte order.
  [/orders keys by their UTF-8 bytes/, 'emulator: lists in UTF-16 order'],
];
const functions = {
  describe,
  beforeAll,
  afterAll,
  it: (name: string, fn: () => Promise<void>, timeoutMs?: number) => {
    const gap = EMULATOR_GAPS.find(([pattern]) => pattern.test(name));
    return gap ? it.fails(`${name} [${gap[1]}]`, fn, timeoutMs) : it(name, fn, timeoutMs);
  },
};
const retry = { baseMs: 5, capMs: 50 };
const MiB = 1024 * 1024;

// (a) The emulator as it is: it ignores ifGenerationMatch, so the storage is configured not to rely
// on it and the suite checks the weaker guarantee. It has no compose either: a chunk larger than
// any file of the suite (12.5 MiB at most) keeps every staged upload to one part, finalized by a copy.
describeStorageConformance(
  'GcsStorage on the emulator (no conditional create, one part per file)',
  functions,
  async () => {
    const server: GcsServer = await startGcsServer();
    const bucket = bucketName();
    await server.createBucket(bucket);
    const open = () =>
      new GcsStorage({
        bucket: clientFor(server).bucket(bucket),
        prefix: 'sink',
        chunkSize: 16 * MiB,
        conditionalCreate: false,
        retry,
      });
    return { storage: open(), another: open, stop: () => server.stop() };
  },
);

// (b) The emulator behind the compose shim and the create-only proxy, which answer compose and
// enforce ifGenerationMatch: 0 as GCS does: fencing holds, and 1 MiB chunks make the large upload
// 13 parts composed into place.
describeStorageConformance(
  'GcsStorage via a create-only proxy and compose (conditional create enforced)',
  functions,
  async () => {
    const rig: GcsRig = await startGcsRig();
    try {
      const bucket = bucketName();
      await rig.server.createBucket(bucket);
      const open = () =>
        new GcsStorage({ bucket: clientFor(rig.server, rig.proxy.url).bucket(bucket), chunkSize: 1 * MiB, retry });
      return { storage: open(), another: open, stop: () => rig.stop() };
    } catch (error) {
      await rig.stop();
      throw error;
    }
  },
);
