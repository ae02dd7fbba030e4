import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gcsError, gcsPreconditionFailed } from '@sinkkit/testkit';

const COMPOSE = /^(?:\/storage\/v1)?\/b\/([^/]+)\/o\/([^/]+)\/compose$/;

/** A running compose shim: forwards to the emulator, answering compose requests itself. */
export interface ComposeShim {
  readonly url: string;
  /** Every compose request answered with 200, as the number of sources it had. */
  readonly composes: number[];
  stop(): Promise<void>;
}

/**
 * A test double of the JSON API's `objects.compose`, which the firebase-tools emulator lacks (it
 * answers 501). Sits in front of the emulator and forwards every other request unchanged; a compose
 * is done the way GCS documents it, with the emulator's own objects: each source is read, the
 * concatenation uploaded at the destination. Like GCS it refuses more than 32 sources (400),
 * answers 404 when a source is missing and 412 to `ifGenerationMatch=0` when the destination
 * exists; composes of one destination are serialized, so that check and the write are atomic.
 */
export async function startComposeShim(target: string): Promise<ComposeShim> {
  const composes: number[] = [];
  const locks = new Map<string, Promise<unknown>>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shim');
    const match = req.method === 'POST' ? COMPOSE.exec(url.pathname) : null;
    if (!match) return forward(target, req, res);
    const bucket = decodeURIComponent(match[1] as string);
    const destination = decodeURIComponent(match[2] as string);
    const id = `${bucket}/${destination}`;
    const run = (locks.get(id) ?? Promise.resolve())
      .catch(() => {})
      .then(() => compose(target, bucket, destination, url.searchParams, req))
      .then(
        (answer) => {
          if (answer.status === 200) composes.push(answer.sources);
          send(res, answer.status, answer.body);
        },
        (error: unknown) => send(res, 500, gcsError(500, 'internalError', String(error)).body),
      );
    locks.set(id, run);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    composes,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function compose(
  target: string,
  bucket: string,
  destination: string,
  query: URLSearchParams,
  req: IncomingMessage,
) {
  const body = JSON.parse((await readAll(req)).toString('utf8') || '{}') as {
    sourceObjects?: { name: string }[];
    destination?: { contentType?: string };
  };
  const sources = body.sourceObjects ?? [];
  if (sources.length < 1 || sources.length > 32) {
    const message = `The number of source components provided (${sources.length}) must be between 1 and 32.`;
    return { status: 400, body: gcsError(400, 'invalid', message).body, sources: sources.length };
  }
  const object = (name: string) => `${target}/storage/v1/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(name)}`;
  const parts: Buffer[] = [];
  for (const source of sources) {
    const response = await fetch(`${object(source.name)}?alt=media`);
    if (response.status === 404) {
      return {
        status: 404,
        body: gcsError(404, 'notFound', `No such object: ${bucket}/${source.name}`).body,
        sources: 0,
      };
    }
    if (!response.ok) throw new Error(`reading ${source.name}: ${response.status}`);
    parts.push(Buffer.from(await response.arrayBuffer()));
  }
  if (query.get('ifGenerationMatch') === '0' && (await fetch(object(destination))).status === 200) {
    return { status: 412, body: gcsPreconditionFailed().body, sources: sources.length };
  }
  const upload = await fetch(
    `${target}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=media&name=${encodeURIComponent(destination)}`,
    {
      method: 'POST',
      headers: { 'content-type': body.destination?.contentType ?? 'application/octet-stream' },
      body: Buffer.concat(parts),
    },
  );
  if (!upload.ok) throw new Error(`writing ${destination}: ${upload.status}`);
  return { status: 200, body: await upload.text(), sources: sources.length };
}

function forward(target: string, req: IncomingMessage, res: ServerResponse): void {
  const to = new URL(target);
  const out = httpRequest(
    { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  out.on('error', () => res.destroy());
  req.pipe(out);
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
