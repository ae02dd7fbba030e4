import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './server-process.js';

/** A process recorded in a pid folder. */
export interface RecordedProcess {
  pid: number;
  name: string;
  command: string;
  startedAt: string;
}

/**
 * Lists the processes recorded in `pidDir` (see `PID_DIR_ENV`) that are still alive.
 * A test run calls this at the end to prove it left no server running.
 */
export function leftoverProcesses(pidDir: string): RecordedProcess[] {
  let files: string[];
  try {
    files = readdirSync(pidDir);
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(join(pidDir, file), 'utf8')) as RecordedProcess)
    .filter((recorded) => isAlive(recorded.pid));
}
