import { randomBytes } from 'node:crypto';
import { Storage } from '@google-cloud/storage';
import { GcsStorage } from '@sinkkit/storage-gcs';
import { type FaultProxy, startFaultProxy, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll } from 'vitest';
import { describeCrashAndFencing } from '../cloud/crash-and-fencing.js';

// The emulator ignores ifGenerationMatch; the create-only proxy in front of it enforces
// ifGenerationMatch=0 as GCS does, so the adapter runs with conditional create on, as on GCS.
const env = useTestEnvironment({ gcs: true }, { beforeAll, afterAll });
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: env.current.gcs.apiEndpoint, enforceCreateOnly: true });
});
afterAll(() => proxy?.stop());

describeCrashAndFencing(() => ({
  name: 'the GCS emulator via the create-only proxy',
  async newStore() {
    const { projectId } = env.current.gcs;
    const bucket = `sink-${randomBytes(6).toString('hex')}`;
    await env.current.gcs.createBucket(bucket);
    const open = () =>
      new GcsStorage({
        bucket: new Storage({ apiEndpoint: proxy.url, projectId, retryOptions: { autoRetry: false } }).bucket(bucket),
        prefix: 'sink',
        retry: { baseMs: 5, capMs: 50 },
      });
    return { open };
  },
}));
