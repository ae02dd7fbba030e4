import { type Agent, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeConnection, resetConnection } from './local-answer.js';
import type { MutableRecord } from './request-log.js';

/**
 * How the target's answer reaches the client: `pass` relays it whole; `cut` relays the status,
 * headers and the first `afterBytes` body bytes, then closes the connection; `reset` lets the
 * target answer in full, discards the answer and resets the client's connection.
 */
export type ForwardMode =
  | { readonly type: 'pass' }
  | { readonly type: 'cut'; readonly afterBytes: number | undefined }
  | { readonly type: 'reset' };

/** Where and how to forward. */
export interface ForwardOptions {
  readonly target: URL;
  readonly agent: Agent;
  /** Value of the `Host` header sent to the target. */
  readonly host: string;
  readonly mode: ForwardMode;
  readonly record: MutableRecord;
  /** Called with the target's answer before any of it is relayed. */
  readonly onResponse?: (answer: IncomingMessage) => void;
}

// Headers about one connection, not the message (RFC 9110 §7.6.1). `transfer-encoding` stays on
// requests because it frames the body we stream on unchanged; on answers node:http frames the body
// itself. `expect` goes because node:http already answered the client's `100-continue`.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'expect'];

/**
 * Forwards the client's request to the target and relays the answer according to `mode`. Bodies
 * stream both ways with back-pressure (nothing is buffered whole). If the client goes away, the
 * request to the target is aborted; if the target fails, the client gets a 502, or a cut-off
 * answer when headers were already relayed.
 */
export function forward(req: IncomingMessage, res: ServerResponse, options: ForwardOptions): void {
  const { record, mode } = options;
  const outgoing = httpRequest({
    host: options.target.hostname,
    port: options.target.port,
    method: req.method,
    path: req.url,
    headers: withoutHopByHop(req.rawHeaders, ['transfer-encoding'], options.host),
    agent: options.agent,
  });
  outgoing.once('error', (error) => {
    record.error ??= error.message;
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    record.status = 502;
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`fault proxy: forwarding to ${options.target.host} failed: ${error.message}\n`);
  });
  res.once('close', () => {
    if (!res.writableFinished) outgoing.destroy();
  });
  req.pipe(outgoing, { end: false });
  req.once('end', () => {
    const trailers = pairs(req.rawTrailers);
    if (trailers.length > 0) outgoing.addTrailers(trailers);
    outgoing.end();
  });
  outgoing.once('response', (answer) => {
    options.onResponse?.(answer);
    if (mode.type === 'reset') {
      answer.resume();
      answer.once('close', () => resetConnection(req.socket));
      return;
    }
    record.status = answer.statusCode;
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.rawHeaders, [], undefined));
    // A target that stops mid-answer must not look like a complete answer to the client.
    answer.once('close', () => {
      if (!answer.complete) res.destroy();
    });
    if (mode.type === 'cut') relayPart(answer, res, mode.afterBytes);
    else answer.pipe(res);
  });
}

function relayPart(answer: IncomingMessage, res: ServerResponse, afterBytes: number | undefined): void {
  const limit = afterBytes ?? Math.floor(Number(answer.headers['content-length'] ?? 0) / 2);
  let sent = 0;
  let done = false;
  const cut = () => {
    answer.destroy();
    closeConnection(res.socket);
  };
  if (limit === 0) {
    done = true;
    res.flushHeaders();
    cut();
    return;
  }
  answer.on('data', (chunk: Buffer) => {
    if (done) return;
    const room = limit - sent;
    if (chunk.length < room) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        answer.pause();
        res.once('drain', () => answer.resume());
      }
      return;
    }
    done = true;
    answer.pause();
    res.write(chunk.subarray(0, room), cut);
  });
  // A body shorter than the cut point: all of it went out; the connection still closes unfinished.
  answer.once('end', () => {
    if (!done) cut();
  });
}

function withoutHopByHop(raw: readonly string[], keep: readonly string[], host: string | undefined): string[] {
  const drop = new Set(HOP_BY_HOP.filter((name) => !keep.includes(name)));
  if (!keep.includes('transfer-encoding')) drop.add('transfer-encoding');
  for (const [name, value] of pairs(raw)) {
    if (name.toLowerCase() !== 'connection') continue;
    for (const listed of value.split(',')) drop.add(listed.trim().toLowerCase());
  }
  const headers: string[] = [];
  let hostSeen = false;
  for (const [name, value] of pairs(raw)) {
    const lower = name.toLowerCase();
    if (drop.has(lower)) continue;
    hostSeen ||= lower === 'host';
    headers.push(name, lower === 'host' && host !== undefined ? host : value);
  }
  if (host !== undefined && !hostSeen) headers.push('Host', host);
  return headers;
}

function pairs(raw: readonly string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) result.push([raw[i] as string, raw[i + 1] as string]);
  return result;
}
