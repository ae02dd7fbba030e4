import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStorageConformance } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { FsStorage } from '../src/index.js';

describeStorageConformance('FsStorage', { describe, it, beforeAll, afterAll }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'sinkkit-fs-conformance-'));
  return {
    storage: new FsStorage({ root }),
    another: () => new FsStorage({ root }),
    stop: () => rm(root, { recursive: true, force: true }),
  };
});
