import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('npm run bench', () => {
  it('prints one JSON line per scenario, with the fixed keys first and sane figures', async () => {
    const { stdout } = await run(
      'npm',
      ['run', '--silent', 'bench', '--', '--only', 'kafka-consume', '--records', '20000'],
      {
        cwd: repoRoot,
        timeout: 50_000,
      },
    );
    const lines = stdout.split('\n').filter((line) => line.startsWith('{'));
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] ?? '');
    expect(Object.keys(result).slice(0, 7)).toEqual([
      'scenario',
      'recordsPerSec',
      'mbPerSec',
      'peakRssMb',
      'baseline',
      'baselineRecordsPerSec',
      'ratio',
    ]);
    expect(result).toMatchObject({
      scenario: 'kafka-consume',
      baseline: 'kcat',
      records: 20_000,
      baselineRecords: 20_000,
    });
    for (const key of ['recordsPerSec', 'mbPerSec', 'peakRssMb', 'baselineRecordsPerSec', 'ratio']) {
      expect(result[key], key).toBeGreaterThan(0);
    }
    expect(result.ratio).toBeCloseTo(result.recordsPerSec / result.baselineRecordsPerSec, 3);
    // 112-byte values: MB/s follows from records/s.
    expect(result.mbPerSec).toBeCloseTo((result.recordsPerSec * 112) / 1e6, 1);
    // A Node process that ran a kafkajs consumer: tens of MiB, not bytes or gigabytes.
    expect(result.peakRssMb).toBeGreaterThan(20);
    expect(result.peakRssMb).toBeLessThan(2_000);
  }, 60_000);

  it('runtime-overhead: the runtime and raw kafkajs read the same records', async () => {
    const { stdout } = await run(
      'npm',
      ['run', '--silent', 'bench', '--', '--only', 'runtime-overhead', '--records', '20000'],
      { cwd: repoRoot, timeout: 50_000 },
    );
    const lines = stdout.split('\n').filter((line) => line.startsWith('{'));
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] ?? '');
    expect(result).toMatchObject({
      scenario: 'runtime-overhead',
      baseline: 'raw kafkajs',
      records: 20_000,
      baselineRecords: 20_000,
    });
    expect(result.ratio).toBeGreaterThan(0);
    expect(result.peakRssMb).toBeGreaterThan(20);
  }, 60_000);

  it('rejects an unknown scenario, naming the known ones', async () => {
    const failure = await run('npm', ['run', '--silent', 'bench', '--', '--only', 'no-such-scenario'], {
      cwd: repoRoot,
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2, stdout: '' });
    expect((failure as { stderr: string }).stderr).toContain('known: kafka-consume');
  }, 30_000);
});
