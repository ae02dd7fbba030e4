import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { MutableRecord } from './request-log.js';

/** A status, body and headers the proxy answers with itself instead of forwarding. */
export interface LocalAnswer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Answers `answer` without forwarding. The request body is read and discarded first: answering
 * while a client still uploads makes it see EPIPE/ECONNRESET instead of the status we mean it to see.
 */
export function answerLocally(req: IncomingMessage, res: ServerResponse, record: MutableRecord, answer: LocalAnswer) {
  const send = () => {
    if (res.destroyed) return;
    const body = Buffer.from(answer.body ?? '', 'utf8');
    const headers: Record<string, string | number> = { 'content-length': body.length };
    if (body.length > 0) headers['content-type'] = guessContentType(body);
    record.status = answer.status;
    res.writeHead(answer.status, { ...headers, ...answer.headers });
    res.end(body);
  };
  if (req.readableEnded) send();
  else {
    req.once('end', send);
    req.resume();
  }
}

function guessContentType(body: Buffer): string {
  const first = body.toString('utf8', 0, 1);
  if (first === '<') return 'application/xml';
  if (first === '{' || first === '[') return 'application/json';
  return 'text/plain; charset=utf-8';
}

/**
 * Drops the client's connection with a TCP RST, so the client sees ECONNRESET (a plain close
 * would read as "socket hang up"; both are what a dropped connection looks like to an SDK).
 */
export function resetConnection(socket: Socket | null): void {
  if (!socket || socket.destroyed) return;
  socket.resetAndDestroy();
}

/**
 * Closes the client's connection after what was already written is flushed (a FIN, not a RST, so
 * the bytes sent before the cut do reach the client).
 */
export function closeConnection(socket: Socket | null): void {
  if (!socket || socket.destroyed) return;
  socket.end(() => socket.destroy());
}
