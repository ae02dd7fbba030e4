import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from '../process/server-process.js';
import { type ResolveServerPackageOptions, resolveServerPackage } from './resolve-server-package.js';

/** Options of {@link startAzureServer}. */
export interface AzureServerOptions {
  /** Port on 127.0.0.1; default 0, a free port chosen by the system (no race between picking and binding). */
  port?: number;
  /** Cap, in MB, on the memory Azurite keeps blob data in. Default: Azurite's, half the machine's memory. */
  memoryLimitMb?: number;
  /** How long to wait for the server to listen. Default 60 s (Azurite usually needs 2–6 s). */
  startTimeoutMs?: number;
  /** Where to look for the `azurite` package (see `resolveServerPackage`). */
  resolve?: ResolveServerPackageOptions;
}

/** Azurite's well-known development account, the same on every installation. */
export const AZURITE_ACCOUNT = {
  accountName: 'devstoreaccount1',
  accountKey: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
} as const;

/** A running Azurite Blob service. */
export interface AzureServer {
  /** `http://127.0.0.1:PORT/devstoreaccount1`: the account's blob endpoint (path-style, as Azurite serves it). */
  readonly blobEndpoint: string;
  readonly accountName: typeof AZURITE_ACCOUNT.accountName;
  readonly accountKey: typeof AZURITE_ACCOUNT.accountKey;
  /** For `BlobServiceClient.fromConnectionString(connectionString)`. */
  readonly connectionString: string;
  /** Process id of the server, for checks that it stopped. */
  readonly pid: number;
  /** The server's working folder, removed by {@link AzureServer.stop}. */
  readonly workDir: string;
  /** Stops the server (its data, kept in memory, is gone) and removes its working folder. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts Azurite's Blob service in a child process on 127.0.0.1, data in memory, telemetry off,
 * and with `--skipApiVersionCheck` so that newer `@azure/storage-blob` releases than the Azurite
 * release knows are accepted.
 *
 * Everything the sink uses works, including staged blocks (`stageBlock` + `commitBlockList`) and
 * create-only writes (`conditions: { ifNoneMatch: '*' }` answers 409 when the blob exists).
 *
 * Azurite refuses `--location` together with `--inMemoryPersistence`, so its working folder is
 * its current directory: a fresh temporary folder, removed on stop.
 */
export async function startAzureServer(options: AzureServerOptions = {}): Promise<AzureServer> {
  const pkg = resolveServerPackage('azurite', options.resolve);
  const workDir = mkdtempSync(join(tmpdir(), 'sinkkit-azurite-'));
  const args = [
    join(pkg.dir, 'dist', 'src', 'blob', 'main.js'),
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    String(options.port ?? 0),
    '--inMemoryPersistence',
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--silent',
  ];
  if (options.memoryLimitMb !== undefined) args.push('--extentMemoryLimit', String(options.memoryLimitMb));
  const proc = startProcess('azurite-blob', process.execPath, args, { cwd: workDir });
  const stop = async () => {
    await proc.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  let port: number;
  try {
    const match = await proc.waitForOutput(
      /successfully listens on https?:\/\/[^\s]+:(\d+)/,
      options.startTimeoutMs ?? 60_000,
    );
    port = Number(match[1]);
  } catch (error) {
    await stop();
    throw error;
  }
  const { accountName, accountKey } = AZURITE_ACCOUNT;
  const blobEndpoint = `http://127.0.0.1:${port}/${accountName}`;
  return {
    blobEndpoint,
    accountName,
    accountKey,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${accountName};AccountKey=${accountKey};BlobEndpoint=${blobEndpoint};`,
    pid: proc.pid,
    workDir,
    stop,
  };
}
