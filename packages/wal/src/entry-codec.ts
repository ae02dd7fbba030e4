import { createHash } from 'node:crypto';
import type { TopicPartition } from '@sinkkit/core';
import { entryProblem, MAX_OFFSET } from './entry-rules.js';
import type { WalEntry, WalFile } from './wal-entry.js';
import { CorruptEntryError } from './wal-errors.js';

/** The `format` tag of every entry: tells a WAL entry from any other JSON under the prefix. */
export const ENTRY_FORMAT = 'sinkkit-wal';
/** The entry format version this code writes and reads. */
export const ENTRY_VERSION = 1;

/**
 * The entry as stored: UTF-8 JSON with bigints as decimal strings (JSON numbers lose
 * precision above 2^53) and a SHA-256 checksum of the canonical text of every other field, so
 * a truncated or hand-edited entry is refused rather than rolled forward.
 */
export function encodeEntry(entry: WalEntry): Uint8Array {
  const body = canonical(entry);
  return new TextEncoder().encode(JSON.stringify({ ...body, checksum: checksumOf(body) }));
}

/**
 * Reads an entry stored at `key`, which the log expects to hold `seq` of `tp`. Throws a
 * {@link CorruptEntryError} naming the key for anything else: not JSON, another format or a
 * newer version, a missing or mistyped field, broken offsets, a checksum mismatch, or an
 * entry whose own topic-partition and seq disagree with where it lies (a copied file).
 */
export function decodeEntry(bytes: Uint8Array, key: string, tp: TopicPartition, seq: number): WalEntry {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new CorruptEntryError(key, `not UTF-8 JSON (${bytes.length} bytes)`, error);
  }
  const doc = new Fields(raw, key, 'entry');
  const format = doc.get('format', 'string');
  if (format !== ENTRY_FORMAT) throw new CorruptEntryError(key, `not a sinkkit WAL entry (format ${format})`);
  const version = doc.get('version', 'number');
  if (version !== ENTRY_VERSION) {
    const hint = version > ENTRY_VERSION ? ': written by a newer sinkkit, upgrade this one' : '';
    throw new CorruptEntryError(key, `format version ${version}, this code reads ${ENTRY_VERSION}${hint}`);
  }
  const nextOffset = doc.get('nextOffset', 'string|null');
  const entry: WalEntry = {
    seq: doc.get('seq', 'number'),
    topic: doc.get('topic', 'string'),
    partition: doc.get('partition', 'number'),
    writerId: doc.get('writerId', 'string'),
    createdAt: doc.get('createdAt', 'string'),
    nextOffset: nextOffset === null ? undefined : parseOffset(nextOffset, key, 'nextOffset'),
    files: doc.get('files', 'array').map((item, i) => decodeFile(new Fields(item, key, `files[${i}]`), key, i)),
    skipped: doc.has('skipped') ? doc.get('skipped', 'number') : 0,
    ...(doc.has('rangeStart') ? { rangeStart: parseOffset(doc.get('rangeStart', 'string'), key, 'rangeStart') } : {}),
  };
  const problem = entryProblem(entry);
  if (problem) throw new CorruptEntryError(key, problem);
  if (doc.get('checksum', 'string') !== checksumOf(canonical(entry))) {
    throw new CorruptEntryError(key, 'checksum mismatch: the entry was altered or truncated');
  }
  if (entry.topic !== tp.topic || entry.partition !== tp.partition || entry.seq !== seq) {
    throw new CorruptEntryError(
      key,
      `it says ${entry.topic}-${entry.partition} seq ${entry.seq}, but lies where ${tp.topic}-${tp.partition} seq ${seq} belongs`,
    );
  }
  return entry;
}

function decodeFile(fields: Fields, key: string, i: number): WalFile {
  return {
    key: fields.get('key', 'string'),
    handle: fields.get('handle', 'string'),
    size: fields.get('size', 'number'),
    recordCount: fields.get('recordCount', 'number'),
    startOffset: parseOffset(fields.get('startOffset', 'string'), key, `files[${i}].startOffset`),
    endOffset: parseOffset(fields.get('endOffset', 'string'), key, `files[${i}].endOffset`),
    ...(fields.has('checksum') ? { checksum: fields.get('checksum', 'string') } : {}),
  };
}

// Fixed field order, so the same entry always yields the same text and checksum.
function canonical(entry: WalEntry) {
  return {
    format: ENTRY_FORMAT,
    version: ENTRY_VERSION,
    seq: entry.seq,
    topic: entry.topic,
    partition: entry.partition,
    writerId: entry.writerId,
    createdAt: entry.createdAt,
    nextOffset: entry.nextOffset === undefined ? null : entry.nextOffset.toString(),
    files: entry.files.map((f) => ({
      key: f.key,
      handle: f.handle,
      size: f.size,
      recordCount: f.recordCount,
      startOffset: f.startOffset.toString(),
      endOffset: f.endOffset.toString(),
      // Only when recorded, so entries written before the field existed keep their checksum.
      ...(f.checksum !== undefined ? { checksum: f.checksum } : {}),
    })),
    // Only when non-zero, so entries written before the field existed keep their checksum.
    ...(entry.skipped > 0 ? { skipped: entry.skipped } : {}),
    ...(entry.rangeStart !== undefined ? { rangeStart: entry.rangeStart.toString() } : {}),
  };
}

function checksumOf(body: ReturnType<typeof canonical>): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;
}

function parseOffset(text: string, key: string, field: string): bigint {
  if (!/^(0|[1-9]\d{0,18})$/.test(text) || BigInt(text) > MAX_OFFSET) {
    throw new CorruptEntryError(key, `${field} ${JSON.stringify(text)} is not a Kafka offset`);
  }
  return BigInt(text);
}

type Kind = { string: string; number: number; 'string|null': string | null; array: unknown[] };

/** Typed access to a parsed JSON object, failing with the field's path. */
class Fields {
  readonly #value: Record<string, unknown>;

  constructor(
    value: unknown,
    readonly key: string,
    readonly path: string,
  ) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new CorruptEntryError(key, `${path} is not a JSON object`);
    }
    this.#value = value as Record<string, unknown>;
  }

  has(name: string): boolean {
    return Object.hasOwn(this.#value, name);
  }

  get<K extends keyof Kind>(name: string, kind: K): Kind[K] {
    const value = this.#value[name];
    const ok =
      kind === 'array'
        ? Array.isArray(value)
        : kind === 'string|null'
          ? value === null || typeof value === 'string'
          : typeof value === kind;
    if (!ok) throw new CorruptEntryError(this.key, `${this.path}.${name} is missing or not a ${kind}`);
    return value as Kind[K];
  }
}
