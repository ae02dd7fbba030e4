import { describe, expect, it } from 'vitest';
import { isAlive, runningProcesses, startProcess } from '../../src/index.js';

describe('startProcess', () => {
  it('waits for output and stops the whole process group', async () => {
    // A shell that starts a grandchild: stop() must take both down.
    const proc = startProcess('sleeper', 'sh', ['-c', 'sleep 30 & echo "child $!"; wait']);
    const match = await proc.waitForOutput(/child (\d+)/);
    const grandchild = Number(match[1]);
    expect(isAlive(proc.pid)).toBe(true);
    expect(isAlive(grandchild)).toBe(true);
    expect(runningProcesses()).toContain(proc);
    await proc.stop(1_000);
    expect(isAlive(proc.pid)).toBe(false);
    await expect.poll(() => isAlive(grandchild)).toBe(false);
    expect(runningProcesses()).not.toContain(proc);
  });

  it('rejects waitForOutput with the output when the process exits first', async () => {
    const proc = startProcess('failing', 'sh', ['-c', 'echo boom; exit 3']);
    await expect(proc.waitForOutput(/never/)).rejects.toThrow(/failing exited before printing.*\n.*boom/s);
    expect(await proc.exited).toBe(3);
  });

  it('throws a TestkitError, not an uncaught error event, for a command that does not exist', () => {
    expect(() => startProcess('ghost', 'sinkkit-no-such-command', [])).toThrow(/could not start ghost/);
  });
});
