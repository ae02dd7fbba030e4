import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** Writes `bytes` to a temporary file and runs `sql` with `$file` replaced by its path, in a fresh DuckDB. */
export async function duckdbRows(bytes: Uint8Array, name: string, sql: string): Promise<Record<string, unknown>[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'sinkkit-csv-')), name);
  writeFileSync(file, bytes);
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    const reader = await connection.runAndReadAll(sql.replaceAll('$file', `'${file}'`));
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}
