import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * A tiny object store speaking just enough S3 (path-style PUT/GET/HEAD, CompleteMultipartUpload)
 * and GCS JSON API (media and single-request resumable uploads, object metadata) for the proxy's tests. Like s3rver and the GCS
 * emulator, it ignores every precondition: a second create-only write silently overwrites.
 */
export interface FakeStore {
  readonly url: string;
  /** Stored objects by `/bucket/key` (GCS names are stored decoded under the same scheme). */
  readonly objects: Map<string, Buffer>;
  /** Every request the store received, as `METHOD path?query`. */
  readonly seen: string[];
  /** Headers of the last request received. */
  lastHeaders: IncomingHttpHeaders | undefined;
  /** Milliseconds a write waits before it is stored and answered (to widen races). Default 0. */
  writeDelayMs: number;
  /** Calls `listener` with the number of body bytes received so far by the current write. */
  onBodyProgress: ((bytes: number) => void) | undefined;
  stop(): Promise<void>;
}

export async function startFakeStore(): Promise<FakeStore> {
  const objects = new Map<string, Buffer>();
  const seen: string[] = [];
  const sessions = new Map<string, string>();
  const store: FakeStore = {
    url: '',
    objects,
    seen,
    lastHeaders: undefined,
    writeDelayMs: 0,
    onBodyProgress: undefined,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const readBody = async (req: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      store.onBodyProgress?.(bytes);
    }
    return Buffer.concat(chunks);
  };
  const delay = () => new Promise((resolve) => setTimeout(resolve, store.writeDelayMs));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://store');
    seen.push(`${req.method} ${url.pathname}${url.search}`);
    store.lastHeaders = req.headers;
    const gcsUpload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    const gcsObject = /^\/storage\/v1\/b\/([^/]+)\/o\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'POST' && gcsUpload && url.searchParams.get('uploadType') === 'resumable') {
      // Like the GCS emulator: the session URL is built from the Host header the client sent.
      const id = `session-${sessions.size + 1}`;
      sessions.set(id, `/${gcsUpload[1]}/${url.searchParams.get('name')}`);
      await readBody(req);
      const location = `http://${req.headers.host}${url.pathname}?uploadType=resumable&upload_id=${id}`;
      res.writeHead(200, { location, 'content-length': 0 }).end();
      return;
    }
    const sessionKey = sessions.get(url.searchParams.get('upload_id') ?? '');
    if (req.method === 'PUT' && gcsUpload && sessionKey) {
      const body = await readBody(req);
      await delay();
      objects.set(sessionKey, body);
      return json(res, 200, { name: sessionKey, size: String(body.length), generation: '1' });
    }
    if (req.method === 'POST' && gcsUpload) {
      const key = `/${gcsUpload[1]}/${url.searchParams.get('name')}`;
      const body = await readBody(req);
      await delay();
      objects.set(key, body);
      return json(res, 200, { name: url.searchParams.get('name'), size: String(body.length), generation: '1' });
    }
    if (req.method === 'GET' && gcsObject) {
      const key = `/${gcsObject[1]}/${decodeURIComponent(gcsObject[2] ?? '')}`;
      const body = objects.get(key);
      if (!body) return json(res, 404, { error: { code: 404, message: 'Not Found' } });
      return json(res, 200, { name: decodeURIComponent(gcsObject[2] ?? ''), size: String(body.length) });
    }
    const key = decodeURIComponent(url.pathname);
    if (req.method === 'PUT') {
      const body = await readBody(req);
      await delay();
      objects.set(key, body);
      res.writeHead(200, { etag: `"${body.length}"`, 'content-length': 0 }).end();
      return;
    }
    if (req.method === 'POST' && url.searchParams.has('uploadId')) {
      // CompleteMultipartUpload, reduced to "the object now holds the request's body".
      const body = await readBody(req);
      await delay();
      objects.set(key, body);
      res.writeHead(200, { 'content-type': 'application/xml' }).end('<CompleteMultipartUploadResult/>');
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const body = objects.get(key);
      if (!body) {
        res.writeHead(404, { 'content-length': 0 }).end();
        return;
      }
      res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
      res.end(req.method === 'GET' ? body : undefined);
      return;
    }
    res.writeHead(405, { 'content-length': 0 }).end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  Object.assign(store, { url: `http://127.0.0.1:${port}` });
  return store;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}
