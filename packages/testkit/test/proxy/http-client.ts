import { request } from 'node:http';
import type { Readable } from 'node:stream';

/** What a test request got back. */
export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

export interface SendOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** A buffer or a stream (streamed with chunked encoding when no content-length is given). */
  readonly body?: string | Buffer | Readable;
  /** Reject with code 'TIMEOUT' when no answer arrives within this time. */
  readonly timeoutMs?: number;
}

/**
 * One HTTP request on a fresh connection (no keep-alive pool, so a reset or cut in one test never
 * leaks into the next request). Rejects with the socket error when the exchange fails, and with
 * an error whose `partial` holds the bytes received when the answer was cut mid-body.
 */
export function send(url: string, options: SendOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.once('error', (error) =>
        reject(Object.assign(error, { partial: Buffer.concat(chunks), status: res.statusCode })),
      );
    });
    req.once('error', reject);
    if (options.timeoutMs !== undefined) {
      req.setTimeout(options.timeoutMs, () => req.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
    }
    const body = options.body;
    if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}
