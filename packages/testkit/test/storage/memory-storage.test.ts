import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStorageConformance, MemoryStorage, MemoryStore } from '../../src/index.js';

describeStorageConformance('MemoryStorage', { describe, it, beforeAll, afterAll }, async () => {
  const store = new MemoryStore();
  return { storage: new MemoryStorage({ store }), another: () => new MemoryStorage({ store }) };
});

describeStorageConformance(
  'MemoryStorage without create-only writes',
  { describe, it, beforeAll, afterAll },
  async () => ({ storage: new MemoryStorage({ conditionalCreate: false }) }),
  { conditionalCreate: 'not-enforced', largeUploadBytes: 1024 * 1024 },
);

describe('MemoryStorage staged writers', () => {
  it('abort after close discards the staged data but never a finalized object', async () => {
    const storage = new MemoryStorage();
    const kept = await storage.openStaged('kept');
    await kept.write(new Uint8Array(3));
    await storage.finalize(await kept.close());
    await kept.abort();
    expect((await storage.head('kept'))?.size).toBe(3);

    const dropped = await storage.openStaged('dropped');
    await dropped.write(new Uint8Array(3));
    const upload = await dropped.close();
    await dropped.abort();
    expect(await storage.listStaged('')).toEqual([]);
    await expect(storage.finalize(upload)).rejects.toMatchObject({ code: 'STORAGE_STAGED_UPLOAD_LOST' });
  });
});
