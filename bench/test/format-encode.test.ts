import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('npm run bench -- --only format-encode', () => {
  it('prints one JSON line per format, each against JSON.stringify measured in the same run', async () => {
    const { stdout } = await run(
      'npm',
      ['run', '--silent', 'bench', '--', '--only', 'format-encode', '--records', '20000'],
      { cwd: repoRoot, timeout: 110_000 },
    );
    const lines = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    const formats = lines.map((l) => l.format);
    // zstd only where this Node's zlib has it.
    const zstd = typeof ((await import('node:zlib')) as { zstdCompressSync?: unknown }).zstdCompressSync === 'function';
    expect(formats).toEqual([
      'json-stringify',
      'jsonl',
      'jsonl-gzip',
      'csv',
      'avro-null',
      'avro-deflate',
      'avro-snappy',
      'parquet-snappy',
      'parquet-gzip',
      ...(zstd ? ['parquet-zstd'] : []),
      'parquet-none',
    ]);
    const bytes = Object.fromEntries(lines.map((l) => [l.format, l.outputBytes]));
    for (const line of lines) {
      expect(line).toMatchObject({ scenario: 'format-encode', baseline: 'JSON.stringify', records: 20_000 });
      expect(line.recordsPerSec, line.format).toBeGreaterThan(0);
      expect(line.ratio).toBeCloseTo(line.recordsPerSec / line.baselineRecordsPerSec, 3);
      expect(line.bytesPerRecord).toBeCloseTo(line.outputBytes / 20_000, 1);
    }
    // Sizes that only real encoders give: compression shrinks, columnar beats row text.
    expect(bytes['jsonl-gzip']).toBeLessThan(bytes.jsonl / 4);
    expect(bytes['avro-null']).toBeLessThan(bytes.jsonl / 2);
    expect(bytes['avro-deflate']).toBeLessThan(bytes['avro-null']);
    expect(bytes['parquet-snappy']).toBeLessThan(bytes['parquet-none']);
    expect(bytes['parquet-gzip']).toBeLessThan(bytes['parquet-snappy']);
  }, 120_000);
});
