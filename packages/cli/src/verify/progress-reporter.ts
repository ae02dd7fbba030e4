import type { VerifyProgress } from './verify-progress.js';

/** The part of a stream the progress line needs: `process.stderr` fits. */
export interface ProgressStream {
  /** Only a terminal gets a progress line; a file, a pipe or a CI log gets nothing. */
  readonly isTTY?: boolean;
  /** Width of the terminal; the line is cut to it so that rewriting it in place works. */
  readonly columns?: number;
  write(text: string): unknown;
}

/** Rewrites one status line on a terminal as `verify` goes; see {@link progressReporter}. */
export interface ProgressReporter {
  /** Shows `progress` (at most every `intervalMs`, except the first). */
  update(progress: VerifyProgress): void;
  /** Clears the line, so the report that follows starts on a clean line. */
  done(): void;
}

/** Options of {@link progressReporter}. */
export interface ProgressReporterOptions {
  /** Least time between two redraws. Default 100 ms. */
  readonly intervalMs?: number;
  /** The clock, in ms. Default `Date.now`. */
  readonly now?: () => number;
}

// Carriage return, then erase the line (ECMA-48 EL): the next text replaces the old line.
const CLEAR_LINE = '\r\x1b[2K';

/**
 * A progress line for `sinkkit verify` on `stream` (stderr): topic, partitions and files done,
 * bytes read by the content check, rewritten in place. Does nothing unless `stream.isTTY`, so
 * output redirected to a file or read by a program (and `--json` on stdout) stays clean.
 */
export function progressReporter(stream: ProgressStream, options: ProgressReporterOptions = {}): ProgressReporter {
  if (stream.isTTY !== true) return { update: () => {}, done: () => {} };
  const interval = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  let last: number | undefined;
  let shown = false;
  return {
    update(progress) {
      const t = now();
      if (last !== undefined && t - last < interval) return;
      last = t;
      const line = progressLine(progress);
      const width = stream.columns && stream.columns > 1 ? stream.columns - 1 : line.length;
      stream.write(`${CLEAR_LINE}${line.slice(0, width)}`);
      shown = true;
    },
    done() {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
    },
  };
}

/** The progress as one line of text. */
export function progressLine(p: VerifyProgress): string {
  const topics = p.topicsTotal > 1 ? ` (topic ${Math.min(p.topicsDone + 1, p.topicsTotal)}/${p.topicsTotal})` : '';
  const read = p.filesRead > 0 ? `, ${p.filesRead} files read (${(p.bytesRead / 1e6).toFixed(1)} MB)` : '';
  return `verify: ${p.topic}${topics}: ${p.partitionsDone}/${p.partitionsTotal} partitions, ${p.filesDone} files checked${read}`;
}
