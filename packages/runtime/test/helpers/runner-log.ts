import { readFileSync } from 'node:fs';

/** What a fixture runner process wrote to its log file. */
export interface RunnerLog {
  /** Record ids received. */
  ids: number[];
  /** Per partition, every offset preCommit returned. */
  preCommits: Map<number, bigint[]>;
  /** Protocol violations: a record of a partition not open (never opened, or after its close). */
  violations: string[];
  lines: number;
}

/** Parses a fixture log (R/O/C/P/S lines); a torn last line from a SIGKILL is ignored. */
export function readRunnerLog(path: string): RunnerLog {
  const log: RunnerLog = { ids: [], preCommits: new Map(), violations: [], lines: 0 };
  const open = new Set<number>();
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return log;
  }
  const lines = text.split('\n');
  if (!text.endsWith('\n')) lines.pop();
  for (const line of lines) {
    if (line === '') continue;
    log.lines++;
    const [kind, a, b, c] = line.split(' ');
    if (kind === 'R') {
      const partition = Number(a);
      if (!open.has(partition)) log.violations.push(`record of partition ${partition} (offset ${b}) while not open`);
      log.ids.push(Number(c));
    } else if (kind === 'O') for (const p of (a ?? '').split(',').filter(Boolean)) open.add(Number(p));
    else if (kind === 'C') for (const p of (a ?? '').split(',').filter(Boolean)) open.delete(Number(p));
    else if (kind === 'P') log.preCommits.set(Number(a), [...(log.preCommits.get(Number(a)) ?? []), BigInt(b ?? '0')]);
  }
  return log;
}

/** Lines in the file so far (cheap progress check). */
export function countRecords(path: string): number {
  try {
    const text = readFileSync(path, 'utf8');
    let n = 0;
    for (let i = text.indexOf('\nR '); i >= 0; i = text.indexOf('\nR ', i + 1)) n++;
    return n;
  } catch {
    return 0;
  }
}
