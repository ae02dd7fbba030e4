import { randomBytes } from 'node:crypto';
import { Storage, type StorageOptions } from '@google-cloud/storage';
import { type FaultProxy, type GcsServer, startFaultProxy, startGcsServer } from '@sinkkit/testkit';
import { type ComposeShim, startComposeShim } from './compose-shim.js';

/** A fresh bucket name, so tests sharing one server never see each other's objects. */
export function bucketName(): string {
  return `b-${randomBytes(6).toString('hex')}`;
}

/**
 * A client for `server`, reached at `endpoint` (the server itself, or a proxy in front of it).
 * `autoRetry: false` leaves retrying to the adapter, so tests count its attempts exactly.
 */
export function clientFor(
  server: GcsServer,
  endpoint = server.apiEndpoint,
  retryOptions: StorageOptions['retryOptions'] = { autoRetry: false },
  extra: StorageOptions = {},
): Storage {
  return new Storage({ apiEndpoint: endpoint, projectId: server.projectId, retryOptions, ...extra });
}

/** Deterministic bytes: position-dependent, so a lost, repeated or reordered part changes them. */
export function pattern(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/**
 * The emulator with GCS's missing pieces put back in front of it: the compose shim (objects.compose)
 * and the fault proxy enforcing `ifGenerationMatch: 0` as GCS does. Clients talk to `proxy.url`.
 */
export interface GcsRig {
  readonly server: GcsServer;
  readonly shim: ComposeShim;
  readonly proxy: FaultProxy;
  stop(): Promise<void>;
}

export async function startGcsRig(server?: GcsServer): Promise<GcsRig> {
  const own = server === undefined;
  const gcs = server ?? (await startGcsServer());
  let shim: ComposeShim | undefined;
  let proxy: FaultProxy | undefined;
  const stop = async () => {
    await proxy?.stop();
    await shim?.stop();
    if (own) await gcs.stop();
  };
  try {
    shim = await startComposeShim(gcs.apiEndpoint);
    proxy = await startFaultProxy({ target: shim.url, enforceCreateOnly: true });
    return { server: gcs, shim, proxy, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
