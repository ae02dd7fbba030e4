import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FsStorage } from '@sinkkit/storage-fs';
import { useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashRestartScenario } from './support/crash-scenario.js';

// Exactly-once through the command line: `sinkkit standalone` processes SIGKILLed at random
// moments, restarted, and the store audited by `verify` after every kill.
const TOPIC = 'crash-fs';
const env = useTestEnvironment({ kafka: { topics: [{ name: TOPIC, partitions: 8 }] } }, { beforeAll, afterAll });
const dir = mkdtempSync(join(tmpdir(), 'sinkkit-crash-fs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sinkkit standalone killed and restarted, on the filesystem', () => {
  it('writes 200 000 records exactly once through 20 SIGKILLs', async () => {
    const root = join(dir, 'store');
    const { progress, files } = await crashRestartScenario({
      bootstrapServers: env.current.kafka.bootstrapServers,
      topic: TOPIC,
      partitions: 8,
      records: 200_000,
      kills: 20,
      folder: join(dir, 'config'),
      storage: new FsStorage({ root }),
      storeProps: [`store.url=${pathToFileURL(root).href}`],
      seed: 7,
    });
    console.log(`fs: committed after each kill: ${progress.join(' ')}; ${files} files`);
    // Kills landed while work was going on, not only before the first commit or after the last.
    expect(progress.filter((n) => n > 0n && n < 200_000n).length).toBeGreaterThanOrEqual(5);
    expect(files).toBeGreaterThanOrEqual(8 * 10);
  }, 240_000);
});
