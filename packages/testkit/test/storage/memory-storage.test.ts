import { afterAll, beforeAll, describe, it } from 'vitest';
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
