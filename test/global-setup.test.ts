import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { isAlive } from '../packages/testkit/src/index.js';

const run = promisify(execFile);

it('a test run that leaves a server process running fails, naming the process, and kills it', async () => {
  const vitest = join(import.meta.dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');
  const config = join(import.meta.dirname, 'fixtures', 'leak', 'vitest.config.ts');
  const outcome = await run(process.execPath, [vitest, 'run', '--config', config]).then(
    () => ({ code: 0, output: '' }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
  expect(outcome.code).toBe(1);
  expect(outcome.output).toMatch(/server processes still running after the tests: leaky-server \(pid (\d+)\)/);
  const pid = Number(outcome.output.match(/leaky-server \(pid (\d+)\)/)?.[1]);
  await expect.poll(() => isAlive(pid)).toBe(false);
});
