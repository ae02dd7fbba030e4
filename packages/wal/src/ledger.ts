import { createHash } from 'node:crypto';
import { type RetryOptions, retry, SinkkitError, type Storage, type TopicPartition } from '@sinkkit/core';
import { checkTopicPartition } from './wal-keys.js';

/** Where trimmed entries are archived unless configured otherwise. */
export const DEFAULT_LEDGER_PREFIX = '_sinkkit/ledger';
/** The `format` tag of every ledger object. */
export const LEDGER_FORMAT = 'sinkkit-ledger';
export const LEDGER_VERSION = 1;

const SEQ_DIGITS = 20;
const LEDGER_NAME = /^(\d{20})-(\d{20})\.json$/;

/** One file of an archived batch: the WAL file without its staging handle (it is final by then). */
export interface LedgerFile {
  readonly key: string;
  readonly size: number;
  readonly recordCount: number;
  readonly startOffset: bigint;
  readonly endOffset: bigint;
  /** See `WalFile.checksum`; absent when the entry recorded none. */
  readonly checksum?: string;
}

/** A committed WAL entry as the ledger keeps it once trimming deleted it from the log. */
export interface LedgerEntry {
  readonly seq: number;
  readonly writerId: string;
  readonly createdAt: string;
  readonly nextOffset: bigint | undefined;
  readonly skipped: number;
  /** See `WalEntryInit.rangeStart`; absent when the entry did not say. */
  readonly rangeStart?: bigint;
  readonly files: readonly LedgerFile[];
}

/**
 * The ledger's key layout: `<prefix>/<topic>/<partition>/<firstSeq 20 digits>-<lastSeq 20 digits>.json`,
 * one object per trimmed run, so key order is run order.
 */
export class LedgerKeys {
  readonly prefix: string;

  constructor(prefix: string = DEFAULT_LEDGER_PREFIX) {
    this.prefix = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    if (this.prefix === '' || this.prefix.startsWith('/')) {
      throw new RangeError(`Ledger prefix ${JSON.stringify(prefix)} is invalid: use a relative path`);
    }
  }

  folder(tp: TopicPartition): string {
    checkTopicPartition(tp);
    return `${this.prefix}/${tp.topic}/${tp.partition}/`;
  }

  run(tp: TopicPartition, firstSeq: number, lastSeq: number): string {
    const pad = (n: number) => String(n).padStart(SEQ_DIGITS, '0');
    return `${this.folder(tp)}${pad(firstSeq)}-${pad(lastSeq)}.json`;
  }

  /** `[firstSeq, lastSeq]` of a key listed under `folder`, or `undefined` for a foreign object. */
  runOf(folder: string, key: string): [number, number] | undefined {
    if (!key.startsWith(folder)) return undefined;
    const match = LEDGER_NAME.exec(key.slice(folder.length));
    return match ? [Number(match[1]), Number(match[2])] : undefined;
  }
}

/** The bytes of a ledger object holding `entries` (ascending seq) of `tp`. */
export function encodeLedger(tp: TopicPartition, entries: readonly LedgerEntry[]): Uint8Array {
  const body = {
    format: LEDGER_FORMAT,
    version: LEDGER_VERSION,
    topic: tp.topic,
    partition: tp.partition,
    entries: entries.map((e) => ({
      seq: e.seq,
      writerId: e.writerId,
      createdAt: e.createdAt,
      nextOffset: e.nextOffset === undefined ? null : e.nextOffset.toString(),
      skipped: e.skipped,
      ...(e.rangeStart !== undefined ? { rangeStart: e.rangeStart.toString() } : {}),
      files: e.files.map((f) => ({
        key: f.key,
        size: f.size,
        recordCount: f.recordCount,
        startOffset: f.startOffset.toString(),
        endOffset: f.endOffset.toString(),
        ...(f.checksum !== undefined ? { checksum: f.checksum } : {}),
      })),
    })),
  };
  return new TextEncoder().encode(JSON.stringify({ ...body, checksum: checksum(body) }));
}

/** Parses a ledger object; throws a `SinkkitError` (`WAL_CORRUPT_LEDGER`) naming `key` when it is not one. */
export function decodeLedger(bytes: Uint8Array, key: string): LedgerEntry[] {
  const fail = (why: string, cause?: unknown): never => {
    throw new SinkkitError(`Ledger object ${key} is corrupt: ${why}`, { code: 'WAL_CORRUPT_LEDGER', cause });
  };
  let doc: { format?: unknown; version?: unknown; entries?: unknown; checksum?: unknown };
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return fail('not UTF-8 JSON', error);
  }
  if (doc.format !== LEDGER_FORMAT || doc.version !== LEDGER_VERSION) fail('not a ledger of version 1');
  const { checksum: stored, ...body } = doc;
  if (stored !== checksum(body)) fail('checksum mismatch');
  if (!Array.isArray(doc.entries)) fail('no entries');
  // The checksum vouches for the content, which encodeLedger wrote from validated entries.
  return (doc.entries as RawEntry[]).map((e) => ({
    seq: e.seq,
    writerId: e.writerId,
    createdAt: e.createdAt,
    nextOffset: e.nextOffset === null ? undefined : BigInt(e.nextOffset),
    skipped: e.skipped,
    ...(e.rangeStart !== undefined ? { rangeStart: BigInt(e.rangeStart) } : {}),
    files: e.files.map((f) => ({ ...f, startOffset: BigInt(f.startOffset), endOffset: BigInt(f.endOffset) })),
  }));
}

interface RawEntry {
  seq: number;
  writerId: string;
  createdAt: string;
  nextOffset: string | null;
  skipped: number;
  rangeStart?: string;
  files: {
    key: string;
    size: number;
    recordCount: number;
    startOffset: string;
    endOffset: string;
    checksum?: string;
  }[];
}

function checksum(body: object): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;
}

/** Options of {@link readLedger}. */
export interface ReadLedgerOptions {
  /** Default `_sinkkit/ledger`. */
  readonly ledgerPrefix?: string;
  readonly retry?: RetryOptions;
}

/**
 * Every entry the ledger archived for `tp`, ascending by seq, one per seq. Ledger objects may
 * overlap (a trim that crashed after archiving and before deleting archives again next time);
 * for a seq archived twice the earliest run wins, which is the genuine entry even if a zombie
 * later refilled a trimmed slot (that refill can only be archived by a later run).
 */
export async function readLedger(
  storage: Storage,
  tp: TopicPartition,
  options: ReadLedgerOptions = {},
): Promise<LedgerEntry[]> {
  const keys = new LedgerKeys(options.ledgerPrefix);
  const folder = keys.folder(tp);
  const runs: { key: string; first: number; last: number }[] = [];
  let pageToken: string | undefined;
  do {
    const page = await retry(() => storage.list(folder, { pageToken }), options.retry);
    for (const { key } of page.objects) {
      const run = keys.runOf(folder, key);
      if (run) runs.push({ key, first: run[0], last: run[1] });
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  runs.sort((a, b) => a.last - b.last || a.first - b.first);
  const bySeq = new Map<number, LedgerEntry>();
  for (const run of runs) {
    const bytes = await retry(() => storage.get(run.key), options.retry);
    if (bytes === undefined) continue;
    for (const entry of decodeLedger(bytes, run.key)) if (!bySeq.has(entry.seq)) bySeq.set(entry.seq, entry);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
