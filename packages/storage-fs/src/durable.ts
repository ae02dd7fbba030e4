import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Per directory: the fsync running now, and the one queued to start after it. */
interface DirectorySyncs {
  running: Promise<void> | undefined;
  queued: Promise<void> | undefined;
}

const syncs = new Map<string, DirectorySyncs>();

/**
 * Flushes a directory's entries to disk, so a file created, renamed or linked into it survives a
 * power loss (POSIX leaves that to an fsync of the directory itself). Windows cannot open a
 * directory for this; NTFS journals the entry instead, so there it does nothing.
 *
 * Concurrent calls for one directory share fsyncs (a group commit): a call resolves once an fsync
 * that *started after the call* has completed, which covers every entry the caller made before
 * calling. So it joins an fsync that is queued but not started, never one already running (that
 * one may have started before the caller's entry existed); a thousand files finalized into one
 * folder at once cost two or three fsyncs of it instead of a thousand.
 */
export function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return Promise.resolve();
  let state = syncs.get(dir);
  if (!state) {
    state = { running: undefined, queued: undefined };
    syncs.set(dir, state);
  }
  if (state.queued) return state.queued;
  const running = state.running;
  if (!running) return startSync(dir, state);
  const s = state;
  s.queued = running
    .catch(() => {})
    .then(() => {
      s.queued = undefined;
      return startSync(dir, s);
    });
  return s.queued;
}

function startSync(dir: string, state: DirectorySyncs): Promise<void> {
  const run = syncNow(dir).finally(() => {
    state.running = undefined;
    if (!state.queued) syncs.delete(dir);
  });
  state.running = run;
  return run;
}

async function syncNow(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * `mkdir -p dir`, and fsync of every directory that got a new entry, so the new folders survive
 * a power loss too. `dir` itself is not synced: its caller fsyncs it after putting a file there.
 */
export async function mkdirDurable(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  await fsyncUpTo(dirname(dir), dirname(first));
}

/**
 * fsync of `from` and each parent up to and including `to` (an ancestor of `from`, or itself), all
 * at once: each directory's new entry only has to be durable by the time this resolves, in no
 * particular order, since nothing is published before it does.
 */
export async function fsyncUpTo(from: string, to: string): Promise<void> {
  const dirs: string[] = [];
  let dir = from;
  for (;;) {
    dirs.push(dir);
    const parent = dirname(dir);
    if (dir === to || dir.length <= to.length || parent === dir) break;
    dir = parent;
  }
  await Promise.all(dirs.map(fsyncDirectory));
}
