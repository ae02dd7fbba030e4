import { type AzureServer, describeStorageConformance, startAzureServer } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { AzureBlobStorage } from '../src/index.js';
import { containerFor, newContainer } from './support/azure.js';

// Known Azurite gaps, each a suite test expected to fail against it. `it.fails` keeps them running,
// so the day the server closes a gap, the test reports it.
const AZURITE_GAPS: ReadonlyArray<[RegExp, string]> = [
  // Azurite sorts blob names as JavaScript strings (UTF-16 code units), so '😀' (U+1F600) comes
  // before 'ｚ' (U+FF5A); the contract orders by UTF-8 bytes. Only astral-plane characters differ.
  [/orders keys by their UTF-8 bytes/, 'Azurite: lists in UTF-16 order'],
];
const functions = {
  describe,
  beforeAll,
  afterAll,
  it: (name: string, fn: () => Promise<void>, timeoutMs?: number) => {
    const gap = AZURITE_GAPS.find(([pattern]) => pattern.test(name));
    return gap ? it.fails(`${name} [${gap[1]}]`, fn, timeoutMs) : it(name, fn, timeoutMs);
  },
};

// Azurite enforces If-None-Match: * for real (409 BlobAlreadyExists), so the suite's create-only
// and fencing checks run against the server itself, with no proxy answering for it. `another()`
// builds a second storage with its own client, as another process would.
describeStorageConformance(
  'AzureBlobStorage on Azurite (conditional create enforced)',
  functions,
  async () => {
    let server: AzureServer | undefined;
    try {
      server = await startAzureServer();
      const s = server;
      const container = await newContainer(s);
      const open = () =>
        new AzureBlobStorage({
          container: containerFor(s, container),
          prefix: 'sink',
          retry: { baseMs: 5, capMs: 50 },
        });
      return { storage: open(), another: open, stop: () => s.stop() };
    } catch (error) {
      await server?.stop();
      throw error;
    }
  },
  { conditionalCreate: 'enforced' },
);
