import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on

/**
 * CPU seconds (user + system) process `pid` has used so far, from /proc/<pid>/stat; `undefined`
 * where there is no /proc (not Linux) or the process is gone.
 */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU seconds `pid` used between now and calling the returned function, to 0.01 s. */
export function cpuSince(pid: number | undefined): () => number | undefined {
  const start = processCpuSeconds(pid);
  return () => {
    const end = processCpuSeconds(pid);
    return start === undefined || end === undefined ? undefined : Math.round((end - start) * 100) / 100;
  };
}
