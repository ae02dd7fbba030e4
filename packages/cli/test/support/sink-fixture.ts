import { createHash } from 'node:crypto';
import { type Storage, topicPartition } from '@sinkkit/core';
import { NO_ENTRY_SEQ, rollForward, Wal, type WalFile } from '@sinkkit/wal';

/** A file to commit: its offsets, and optionally another record count or key. */
export interface FileSpec {
  start: number;
  end: number;
  count?: number;
  key?: string;
  folder?: string;
}

/** The default data file key, as the sink names files. */
export function dataKey(topic: string, partition: number, start: number, folder = `partition=${partition}`): string {
  return `topics/${topic}/${folder}/${topic}+${partition}+${String(start).padStart(10, '0')}.jsonl`;
}

/**
 * Writes one topic-partition's data the way the sink's commit protocol does: recover (a claim),
 * then per batch stage the files, append the WAL entry, finalize. Hand-made, so tests can commit
 * exactly the mistakes they want the verifier to find.
 */
export class SinkFixture {
  readonly wal: Wal;
  #seq = new Map<string, number>();

  /** `checksum`: record each file's sha256 in its entry, as a newer sinkkit might; default none, as older ones wrote. */
  constructor(
    readonly storage: Storage,
    readonly options: { checksum?: 'sha256' } = {},
  ) {
    this.wal = new Wal(storage, { writerId: 'fixture', onWarning: () => {} });
  }

  async claim(topic: string, partition: number): Promise<void> {
    const recovery = await this.wal.recover(topicPartition(topic, partition), { keep: 1_000_000 });
    this.#seq.set(`${topic}-${partition}`, recovery.entry.seq);
  }

  /** Commits one batch; `finalize: false` leaves its files staged (a crash right after the commit point). */
  async commit(
    topic: string,
    partition: number,
    files: readonly FileSpec[],
    nextOffset: number,
    options: { finalize?: boolean; skipped?: number; rangeStart?: number } = {},
  ): Promise<WalFile[]> {
    const tp = topicPartition(topic, partition);
    const walFiles: WalFile[] = [];
    for (const spec of files) {
      const writer = await this.storage.openStaged(spec.key ?? dataKey(topic, partition, spec.start, spec.folder));
      const count = spec.count ?? spec.end - spec.start + 1;
      const body = new TextEncoder().encode(`${Array.from({ length: count }, (_, i) => `{"n":${i}}`).join('\n')}\n`);
      await writer.write(body);
      const checksum =
        this.options.checksum === 'sha256' ? `sha256:${createHash('sha256').update(body).digest('hex')}` : undefined;
      walFiles.push({
        ...(await writer.close()),
        ...(checksum ? { checksum } : {}),
        recordCount: count,
        startOffset: BigInt(spec.start),
        endOffset: BigInt(spec.end),
      });
    }
    const previous = this.#seq.get(`${topic}-${partition}`) ?? NO_ENTRY_SEQ;
    const init = {
      files: walFiles,
      nextOffset: BigInt(nextOffset),
      skipped: options.skipped,
      rangeStart: options.rangeStart === undefined ? undefined : BigInt(options.rangeStart),
    };
    const entry = await this.wal.append(tp, init, previous);
    this.#seq.set(`${topic}-${partition}`, entry.seq);
    if (options.finalize !== false) await rollForward(entry, this.storage);
    return walFiles;
  }

  /** Commits `batches` batches of `size` contiguous offsets from `from`, one file each. */
  async commitRun(topic: string, partition: number, from: number, batches: number, size: number): Promise<void> {
    for (let i = 0; i < batches; i++) {
      const start = from + i * size;
      await this.commit(topic, partition, [{ start, end: start + size - 1 }], start + size);
    }
  }

  /** Writes a data file outside the protocol (as a buggy or non-exactly-once writer would). */
  async putStray(key: string, body = '{"stray":true}\n'): Promise<void> {
    await this.storage.putIfAbsent(key, new TextEncoder().encode(body));
  }
}
