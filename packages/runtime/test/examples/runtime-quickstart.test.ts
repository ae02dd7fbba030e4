import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startProcess } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('../../../../examples/runtime-quickstart/', import.meta.url));
const tsc = fileURLToPath(new URL('../../../../node_modules/typescript/bin/tsc', import.meta.url));

describe('examples/runtime-quickstart', () => {
  it('builds, counts every sample record and exits 0', async () => {
    execFileSync(process.execPath, [tsc, '-b', example]);
    const proc = startProcess('runtime-quickstart', process.execPath, ['dist/main.js'], { cwd: example });
    const code = await proc.exited;
    expect(proc.output()).toContain('counted 10000 of 10000 records; runner STOPPED');
    expect(code).toBe(0);
  });
});
