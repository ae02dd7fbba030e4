import { describeStorageConformance } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { OssStorage } from '../src/index.js';
import { bucketName, clientFor } from './support/oss.js';
import { startOssDouble } from './support/oss-double.js';

// The whole Storage contract through ali-oss against the OSS test double, which checks V1
// signatures and enforces x-oss-forbid-overwrite as OSS documents it: conditional create is on.
describeStorageConformance(
  'OssStorage on the OSS test double (forbid-overwrite enforced)',
  { describe, it, beforeAll, afterAll },
  async () => {
    const double = await startOssDouble();
    const bucket = bucketName();
    double.createBucket(bucket);
    const open = () =>
      new OssStorage({ client: clientFor(double, bucket), prefix: 'sink', retry: { baseMs: 5, capMs: 50 } });
    return { storage: open(), another: open, stop: () => double.stop() };
  },
);
