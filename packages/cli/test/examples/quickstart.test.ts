import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { startProcess } from '@sinkkit/testkit';
import { afterAll, describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('../../../../examples/quickstart/', import.meta.url));
const tsc = fileURLToPath(new URL('../../../../node_modules/typescript/bin/tsc', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'sinkkit-quickstart-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('examples/quickstart (npm run quickstart)', () => {
  it.each([
    ['the local folder', []],
    ['the local S3 server', ['--s3']],
  ])(
    'writes every event exactly once to %s, verifies it and exits 0',
    async (_where, extra) => {
      execFileSync(process.execPath, [tsc, '-b', example]);
      const args = ['dist/main.js', '--out', join(out, extra.length > 0 ? 's3' : 'fs'), '--events', '8000', ...extra];
      const proc = startProcess('quickstart', process.execPath, args, { cwd: example });
      const code = await proc.exited;
      const output = proc.output();
      expect(output).toContain('every event is committed; stopping the sink (SIGTERM)');
      expect(output).toContain('[sinkkit] stopped');
      for (const p of [0, 1, 2, 3])
        expect(output).toMatch(
          new RegExp(
            `page-views-${p}  offsets \\[0, 2000\\)  2000 records in \\d+ files, 0 skipped, seq 1\\.\\.\\d+  OK`,
          ),
        );
      // A wall-clock rotation may land mid-stream, so the number of files varies.
      expect(output).toMatch(/verify: OK: 4 partitions, 8000 records in \d+ files/);
      expect(output).not.toMatch(/secret\.access\.key=S3RVER/);
      expect(code).toBe(0);
    },
    120_000,
  );

  it('writes JSON objects that DuckDB reads as columns (the query the quickstart guide shows)', async () => {
    const files = join(out, 'fs', 'store', 'topics', 'page-views', '*', '*.json');
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      const reader = await connection.runAndReadAll(
        `SELECT count(*) AS events, count(DISTINCT id) AS ids, min(id) AS first, max(length(pad)) AS pad FROM read_json_auto('${files}')`,
      );
      expect(reader.getRowObjectsJS()).toEqual([{ events: 8000n, ids: 8000n, first: 0n, pad: 103n }]);
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  });
});
