import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestkitError } from '../errors.js';
import { startProcess } from '../process/server-process.js';
import { type ResolveServerPackageOptions, resolveServerPackage } from './resolve-server-package.js';

/** Options of {@link startGcsServer}. */
export interface GcsServerOptions {
  /** Port on 127.0.0.1; default 0, a free port chosen by the system (no race between picking and binding). */
  port?: number;
  /** Project id the emulator serves. Default `sinkkit-test`. */
  projectId?: string;
  /** Buckets to create before returning. */
  buckets?: string[];
  /** How long to wait for the server to listen. Default 60 s (it usually needs 1–3 s). */
  startTimeoutMs?: number;
  /** Where to look for the `firebase-tools` package (see `resolveServerPackage`). */
  resolve?: ResolveServerPackageOptions;
}

/** A running Cloud Storage emulator. */
export interface GcsServer {
  /** `http://127.0.0.1:PORT`: pass as `new Storage({ apiEndpoint, projectId })`. */
  readonly apiEndpoint: string;
  readonly projectId: string;
  /** Process id of the server, for checks that it stopped. */
  readonly pid: number;
  /** Where the emulator keeps object bytes; removed by {@link GcsServer.stop}. */
  readonly dataDir: string;
  /** Creates a bucket; an existing one is left as it is. */
  createBucket(name: string): Promise<void>;
  /** Stops the server and removes its data folder. Idempotent. */
  stop(): Promise<void>;
}

const LAUNCHER = fileURLToPath(new URL('../../launchers/gcs-emulator.cjs', import.meta.url));

/**
 * Starts the Cloud Storage emulator of `firebase-tools` in a child process on 127.0.0.1, offline:
 * a launcher runs the emulator's Node code directly (`firebase emulators:start` wants Java and
 * downloads a rules jar), with a no-op rules runtime (the GCS JSON API does not use rules) and
 * answers for bucket create/get/list/delete, which the emulator lacks.
 *
 * Works with `@google-cloud/storage` (`apiEndpoint`): simple and single-request resumable uploads,
 * list with prefix, delimiter and paging, download (also ranges), copy, delete.
 *
 * Gaps, unlike real GCS:
 * - preconditions are ignored: `ifGenerationMatch: 0` overwrites an existing object instead of
 *   answering 412, so create-only writes cannot be tested against it;
 * - a resumable upload sent in several chunks fails: the emulator finalizes the object on the
 *   first PUT (use `resumable: false`, or one chunk);
 * - a request body is limited to 130 MB;
 * - any request naming a bucket creates it (objects in a missing bucket do not 404).
 */
export async function startGcsServer(options: GcsServerOptions = {}): Promise<GcsServer> {
  const pkg = resolveServerPackage('firebase-tools', options.resolve);
  const projectId = options.projectId ?? 'sinkkit-test';
  const workDir = mkdtempSync(join(tmpdir(), 'sinkkit-gcs-'));
  const dataDir = join(workDir, 'blobs');
  const proc = startProcess(
    'gcs-emulator',
    process.execPath,
    [
      LAUNCHER,
      '--firebase-tools',
      pkg.dir,
      '--data-dir',
      dataDir,
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port ?? 0),
      '--project',
      projectId,
    ],
    // Whatever firebase-tools writes to the temporary folder lands in ours and goes with it.
    { cwd: workDir, env: { ...process.env, TMPDIR: workDir } },
  );
  const stop = async () => {
    await proc.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  let port: number;
  try {
    const match = await proc.waitForOutput(
      /GCS emulator listening on http:\/\/[^\s]+:(\d+)/,
      options.startTimeoutMs ?? 60_000,
    );
    port = Number(match[1]);
  } catch (error) {
    await stop();
    throw error;
  }
  const apiEndpoint = `http://127.0.0.1:${port}`;
  const server: GcsServer = {
    apiEndpoint,
    projectId,
    pid: proc.pid,
    dataDir,
    async createBucket(name) {
      const response = await fetch(`${apiEndpoint}/storage/v1/b?project=${encodeURIComponent(projectId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      if (!response.ok && response.status !== 409) {
        throw new TestkitError(
          `the GCS emulator refused to create bucket "${name}": ${response.status} ${await response.text()}`,
        );
      }
    },
    stop,
  };
  try {
    for (const bucket of options.buckets ?? []) await server.createBucket(bucket);
  } catch (error) {
    await stop();
    throw error;
  }
  return server;
}
