import { TestkitError } from '../errors.js';
import type { ServerProcess } from '../process/server-process.js';

/**
 * The line protocol of `native/mock-cluster.c`: one command line in, one `ok` / `error <reason>`
 * line out. Commands go one at a time, so each answer belongs to the oldest command in flight.
 */
export class CommandChannel {
  private buffered = '';
  private sawBootstrap = false;
  private waiting: ((line: string) => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private broken: string | undefined;

  constructor(
    private readonly proc: ServerProcess,
    private readonly timeoutMs: number,
  ) {
    proc.child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk));
    // Writing to a process that just died raises EPIPE here; the exit handler below reports it.
    proc.child.stdin?.on('error', () => {});
    proc.exited.then((code) => this.breakWith(`the mock cluster exited (code ${code})`));
  }

  /** Sends `line` after every earlier command has been answered; rejects on `error …`, exit or timeout. */
  send(line: string): Promise<void> {
    const result = this.queue.then(() => this.roundTrip(line));
    this.queue = result.catch(() => {});
    return result;
  }

  /** Fails every later command with `reason` (e.g. once the cluster is being stopped). */
  breakWith(reason: string): void {
    this.broken ??= reason;
    this.waiting?.(`error ${reason}`);
  }

  private roundTrip(line: string): Promise<void> {
    if (this.broken) return Promise.reject(new TestkitError(`mock cluster command "${line}" not sent: ${this.broken}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // A late answer would be taken for the next command's, so this channel cannot be trusted any more.
        this.breakWith(`no answer to "${line}" within ${this.timeoutMs} ms`);
      }, this.timeoutMs);
      this.waiting = (answer) => {
        clearTimeout(timer);
        this.waiting = undefined;
        if (answer === 'ok') resolve();
        else reject(new TestkitError(`mock cluster command "${line}" failed: ${answer.replace(/^error /, '')}`));
      };
      this.proc.child.stdin?.write(`${line}\n`);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffered += chunk.toString('utf8');
    for (let end = this.buffered.indexOf('\n'); end >= 0; end = this.buffered.indexOf('\n')) {
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 1);
      if (!this.sawBootstrap && line.startsWith('bootstrap ')) {
        this.sawBootstrap = true;
      } else {
        this.waiting?.(line);
      }
    }
  }
}
