import type { Schema } from '@sinkkit/core';
import { type SchemaCompatibility, schemaFit } from './schema-compatibility.js';

/** An open file of one encoded partition, as the pool sees it: its slot and its value schema. */
export interface PooledFile {
  readonly slot: number;
  readonly schema: Schema | null;
}

/**
 * Where a record goes: into the open file of `slot` (projected onto `projectTo` when it is not
 * `undefined`), into a new file opened in the free `slot`, or, with every slot taken by a
 * schema it does not fit, nowhere until the topic-partition's files are committed (`rotate`).
 */
export type PoolRoute =
  | { readonly kind: 'write'; readonly slot: number; readonly projectTo?: Schema | null }
  | { readonly kind: 'open'; readonly slot: number }
  | { readonly kind: 'rotate' };

/**
 * The key of an encoded partition's file in `slot` among the topic-partition's open files. Slot
 * 0 is keyed by the encoded partition itself, so with one slot (the default) the open files are
 * keyed exactly as without a pool.
 */
export function poolKey(encodedPartition: string, slot: number): string {
  return slot === 0 ? encodedPartition : `${encodedPartition}\u0000${slot}`;
}

/**
 * Chooses the file of an encoded partition a record of value schema `schema` is written to,
 * among `open` (at most `poolSize` files, each of one schema; `sink.schema.pool.size`).
 *
 * A file the record fits ({@link schemaFit}: same schema, or projectable under `mode`) takes it;
 * when several do, the one the mode projects towards wins: the newest version under BACKWARD and
 * FULL, the oldest under FORWARD, the file of the very same schema under NONE. A record that fits
 * no file gets a file of its own in a free slot, and only with every slot taken does the batch
 * rotate. With `poolSize` 1 this is Confluent's behaviour: one file per encoded partition,
 * rotated when a record's schema does not fit it.
 *
 * Throws the {@link DataError} of `schemaFit` when a record cannot be judged against a file.
 */
export function routeRecord(
  mode: SchemaCompatibility,
  schema: Schema | null,
  open: readonly PooledFile[],
  poolSize: number,
): PoolRoute {
  let best: { file: PooledFile; same: boolean } | undefined;
  for (const file of open) {
    const fit = schemaFit(mode, schema, file.schema);
    if (fit === 'change') continue;
    const candidate = { file, same: fit === 'same' };
    if (!best || preferred(mode, candidate, best)) best = candidate;
  }
  if (best) {
    return best.same
      ? { kind: 'write', slot: best.file.slot }
      : { kind: 'write', slot: best.file.slot, projectTo: best.file.schema };
  }
  if (open.length >= poolSize) return { kind: 'rotate' };
  const taken = new Set(open.map((f) => f.slot));
  let slot = 0;
  while (taken.has(slot)) slot += 1;
  return { kind: 'open', slot };
}

/** Whether `a` is a better file for the record than `b` (both accept it). */
function preferred(
  mode: SchemaCompatibility,
  a: { file: PooledFile; same: boolean },
  b: { file: PooledFile; same: boolean },
): boolean {
  const va = a.file.schema?.version ?? 0;
  const vb = b.file.schema?.version ?? 0;
  if (mode !== 'NONE' && va !== vb) return mode === 'FORWARD' ? va < vb : va > vb;
  return a.same && !b.same;
}
