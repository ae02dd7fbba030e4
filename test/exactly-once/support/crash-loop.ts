import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type VerifyReport, verify } from '@sinkkit/cli';
import type { Storage } from '@sinkkit/core';
import { type ServerProcess, startProcess } from '@sinkkit/testkit';

const BIN = fileURLToPath(new URL('../../../packages/cli/dist/bin.js', import.meta.url));

/** Where one `sinkkit standalone` process reads from and writes to. */
export interface SinkProcessSetup {
  readonly folder: string;
  readonly bootstrapServers: string;
  readonly topic: string;
  /** The sink's store keys: `store.url=…` and, for S3, endpoint and credentials. */
  readonly storeProps: readonly string[];
  /** Connector name: processes with the same name share the partitions. */
  readonly name?: string;
  /** Extra connector keys. */
  readonly extra?: readonly string[];
}

/** Writes the worker and connector files (small files, wall-clock rotation: many files per partition). */
export async function writeSinkFiles(setup: SinkProcessSetup): Promise<string[]> {
  await mkdir(setup.folder, { recursive: true });
  const worker = join(setup.folder, 'worker.properties');
  const connector = join(setup.folder, 'connector.properties');
  await writeFile(
    worker,
    [
      `bootstrap.servers=${setup.bootstrapServers}`,
      'value.converter=org.apache.kafka.connect.storage.StringConverter',
      'offset.flush.interval.ms=500',
      'consumer.session.timeout.ms=3000',
      'consumer.heartbeat.interval.ms=300',
      'consumer.fetch.max.wait.ms=100',
      '',
    ].join('\n'),
  );
  await writeFile(
    connector,
    [
      `name=${setup.name ?? 'crash-sink'}`,
      'connector.class=StorageSinkConnector',
      `topics=${setup.topic}`,
      ...setup.storeProps,
      'format.class=json',
      'flush.size=2000',
      'rotate.schedule.interval.ms=250',
      'sink.wal.trim.every=4',
      ...(setup.extra ?? []),
      '',
    ].join('\n'),
  );
  return [worker, connector];
}

/** Starts `sinkkit standalone` on the files, tracked so no process outlives the run. */
export function startSink(files: readonly string[], label = 'sinkkit-standalone'): ServerProcess {
  return startProcess(label, process.execPath, [BIN, 'standalone', ...files]);
}

/** SIGKILL to the whole process group, and wait until it is gone. */
export async function kill(proc: ServerProcess): Promise<void> {
  try {
    process.kill(-proc.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  await proc.exited;
}

/** Sum of committed offsets over the partitions in `report`. */
export function committedRecords(report: VerifyReport): bigint {
  return report.partitions.reduce((sum, p) => sum + (p.committed ? p.committed.to - p.committed.from : 0n), 0n);
}

/** Polls until every partition committed up to its next offset; resolves the last report. */
export async function waitUntilCommitted(
  storage: Storage,
  topic: string,
  nextOffsets: ReadonlyMap<number, number>,
  timeoutMs: number,
): Promise<VerifyReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const report = await verify({ storage, topics: [topic] });
    const done = [...nextOffsets].every(
      ([partition, next]) => report.partitions.find((p) => p.partition === partition)?.committed?.to === BigInt(next),
    );
    if (done || Date.now() > deadline) return report;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/**
 * `verify` after a kill, once the store has finished the dead process's last requests. A request
 * in flight at the kill still runs to its end on the server. S3 completes a multipart upload
 * atomically, but s3rver streams the parts into the object's final path, which lists with its
 * partial size meanwhile: so while the only errors are size mismatches, audit again a little later
 * (up to ~5 s). A size that stays wrong fails as before.
 */
export async function auditAfterKill(storage: Storage, topic: string): Promise<VerifyReport> {
  for (let attempt = 1; ; attempt++) {
    const report = await verify({ storage, topics: [topic] });
    const errors = report.partitions.flatMap((p) => p.issues.filter((i) => i.severity === 'error'));
    if (attempt === 10 || errors.length === 0 || errors.some((i) => i.kind !== 'size-mismatch')) return report;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Errors of a report, one line each, for a readable assertion. */
export function errorsOf(report: VerifyReport): string[] {
  return report.partitions.flatMap((p) =>
    p.issues
      .filter((i) => i.severity === 'error')
      .map((i) => `${p.topic}-${p.partition} ${i.kind} ${i.key ?? ''} ${i.message}`),
  );
}
