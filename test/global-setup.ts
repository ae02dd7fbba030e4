import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leftoverProcesses, PID_DIR_ENV } from '../packages/testkit/src/index.js';

// Every server the tests start records its pid here; after the run, none may still be alive.
export default function setup() {
  const pidDir = mkdtempSync(join(tmpdir(), 'sinkkit-pids-'));
  process.env[PID_DIR_ENV] = pidDir;
  return async () => {
    // Give processes stopped at the very end a moment to be reaped.
    let left = leftoverProcesses(pidDir);
    for (let i = 0; i < 50 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = leftoverProcesses(pidDir);
    }
    rmSync(pidDir, { recursive: true, force: true });
    if (left.length > 0) {
      for (const proc of left) {
        try {
          process.kill(-proc.pid, 'SIGKILL');
        } catch {}
      }
      // Vitest reports an error thrown here but still exits 0, so set the exit code as well.
      process.exitCode = 1;
      throw new Error(
        `server processes still running after the tests: ${left.map((p) => `${p.name} (pid ${p.pid})`).join(', ')}`,
      );
    }
    console.log('No server process started by the tests is left running.');
  };
}
