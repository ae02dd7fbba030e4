import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of {@link startSchemaRegistry}. */
export interface SchemaRegistryOptions {
  /** Require HTTP basic auth with this `user:password`; requests without it get 401. */
  userInfo?: string;
  /** Port to listen on (127.0.0.1). Default: a free one. */
  port?: number;
}

/** A running {@link startSchemaRegistry} double. */
export interface SchemaRegistryDouble {
  /** `http://127.0.0.1:<port>`, for `schema.registry.url`. */
  readonly url: string;
  /** Registers `schema` (Avro schema text or an object) under `subject`; returns its id (same schema → same id). */
  register(subject: string, schema: string | object): number;
  /** Every request received, as `METHOD path`, oldest first (to check caching). */
  readonly requests: readonly string[];
  /** Makes the next `count` requests answer 500 (to test retries and RetriableError). */
  failNext(count: number): void;
  stop(): Promise<void>;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * A **test double** of Confluent Schema Registry, not Confluent's server: an in-memory
 * node:http server answering the REST endpoints sinkkit's registry client uses —
 * `GET /schemas/ids/{id}`, `POST /subjects/{subject}/versions` (register),
 * `POST /subjects/{subject}` (look up), `GET /subjects/{subject}/versions/latest`, and
 * `GET /subjects` — with Confluent's error bodies (`{"error_code": 40401, "message": ...}` for an
 * unknown subject, 40403 for an unknown schema, 40402 for an unknown version). Schemas are
 * compared as given after JSON normalisation (no Avro canonical form, no compatibility checks).
 */
export async function startSchemaRegistry(options: SchemaRegistryOptions = {}): Promise<SchemaRegistryDouble> {
  const schemas: string[] = []; // id - 1 → schema text
  const subjects = new Map<string, number[]>(); // subject → ids by version
  const requests: string[] = [];
  let failures = 0;
  const expectedAuth = options.userInfo ? `Basic ${Buffer.from(options.userInfo).toString('base64')}` : null;

  const idOf = (schema: string): number => {
    const existing = schemas.indexOf(schema);
    if (existing >= 0) return existing + 1;
    schemas.push(schema);
    return schemas.length;
  };
  const register = (subject: string, schema: string | object): number => {
    const id = idOf(normalise(typeof schema === 'string' ? schema : JSON.stringify(schema)));
    const versions = subjects.get(subject) ?? [];
    if (!versions.includes(id)) versions.push(id);
    subjects.set(subject, versions);
    return id;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://registry');
    const path = url.pathname;
    requests.push(`${req.method} ${path}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': CONTENT_TYPE });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string) => send(status, { error_code: code, message });
    if (expectedAuth && req.headers.authorization !== expectedAuth) {
      return error(401, 401, 'Unauthorized');
    }
    if (failures > 0) {
      failures--;
      return error(500, 50001, 'Error in the backend data store (injected by the test double)');
    }
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    const route = (method: string, pattern: RegExp): string | null => {
      const match = req.method === method ? pattern.exec(path) : null;
      return match ? decodeURIComponent(match[1] as string) : null;
    };
    const schemaId = route('GET', /^\/schemas\/ids\/(\d+)$/);
    if (schemaId !== null) {
      const schema = schemas[Number(schemaId) - 1];
      return schema === undefined ? error(404, 40403, 'Schema not found') : send(200, { schema });
    }
    if (req.method === 'GET' && path === '/subjects') return send(200, [...subjects.keys()]);
    const latest = route('GET', /^\/subjects\/([^/]+)\/versions\/latest$/);
    if (latest !== null) {
      const versions = subjects.get(latest);
      const id = versions?.at(-1);
      if (!versions || id === undefined) return error(404, 40401, `Subject '${latest}' not found.`);
      return send(200, { subject: latest, version: versions.length, id, schema: schemas[id - 1] });
    }
    const schema = (body as { schema?: unknown } | undefined)?.schema;
    const registering = route('POST', /^\/subjects\/([^/]+)\/versions$/);
    if (registering !== null) {
      if (typeof schema !== 'string') return error(422, 42201, 'Invalid schema');
      return send(200, { id: register(registering, schema) });
    }
    const lookup = route('POST', /^\/subjects\/([^/]+)$/);
    if (lookup !== null) {
      const versions = subjects.get(lookup);
      if (!versions) return error(404, 40401, `Subject '${lookup}' not found.`);
      const id = typeof schema === 'string' ? schemas.indexOf(normalise(schema)) + 1 : 0;
      const version = versions.indexOf(id) + 1;
      if (version === 0) return error(404, 40403, 'Schema not found');
      return send(200, { subject: lookup, version, id, schema: schemas[id - 1] });
    }
    return error(404, 404, `HTTP 404 Not Found: ${req.method} ${path}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500, { 'content-type': CONTENT_TYPE });
      res.end(JSON.stringify({ error_code: 50001, message: 'Internal error of the test double' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    register,
    requests,
    failNext: (count) => {
      failures = count;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function normalise(schema: string): string {
  try {
    return JSON.stringify(JSON.parse(schema));
  } catch {
    return schema;
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
