import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Flushes a directory's entries to disk, so a file created, renamed or linked into it survives a
 * power loss (POSIX leaves that to an fsync of the directory itself). Windows cannot open a
 * directory for this; NTFS journals the entry instead, so there it does nothing.
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
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

/** fsync of `from` and each parent up to and including `to` (an ancestor of `from`, or itself). */
export async function fsyncUpTo(from: string, to: string): Promise<void> {
  let dir = from;
  for (;;) {
    await fsyncDirectory(dir);
    const parent = dirname(dir);
    if (dir === to || dir.length <= to.length || parent === dir) return;
    dir = parent;
  }
}
