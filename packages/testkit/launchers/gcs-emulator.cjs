#!/usr/bin/env node
// Starts the Cloud Storage emulator shipped inside firebase-tools without `firebase emulators:start`,
// which wants Java and downloads a rules jar. Only the emulator's Node code runs here, offline:
// - the Firebase rules runtime is replaced by a no-op (the GCS JSON API routes use the admin
//   storage layer, which never consults rules);
// - bucket create / get / list / delete, which the emulator does not implement, are answered here;
// - `/storage/v1/b/...` paths are served like `/b/...` (the emulator has some routes only there);
// - blobs live in --data-dir instead of the shared `<tmpdir>/firebase/storage/blobs`.
// Prints `GCS emulator listening on http://HOST:PORT` once it accepts connections; SIGTERM/SIGINT stop it.
//
// Usage: node gcs-emulator.cjs --firebase-tools DIR --data-dir DIR [--host 127.0.0.1] [--port 0] [--project ID]
'use strict';

const { createServer } = require('node:http');
const { rmSync } = require('node:fs');
const { join } = require('node:path');
const { parseArgs } = require('node:util');

const { values: args } = parseArgs({
  options: {
    'firebase-tools': { type: 'string' },
    'data-dir': { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    project: { type: 'string', default: 'sinkkit-test' },
  },
});
if (!args['firebase-tools'] || !args['data-dir']) {
  console.error('usage: gcs-emulator.cjs --firebase-tools DIR --data-dir DIR [--host H] [--port P] [--project ID]');
  process.exit(2);
}
const dataDir = args['data-dir'];
const lib = join(args['firebase-tools'], 'lib', 'emulator');
const { StorageEmulator } = require(join(lib, 'storage', 'index.js'));
const { createApp } = require(join(lib, 'storage', 'server.js'));
const { EmulatorRegistry } = require(join(lib, 'registry.js'));

const noIssues = () => ({ errors: [], warnings: [], exist: () => false, all: [] });
const noopRulesManager = { start: async () => noIssues(), stop: async () => {}, getRuleset: () => undefined };

class OfflineStorageEmulator extends StorageEmulator {
  constructor(options) {
    super(options);
    this._rulesRuntime = { start: async () => {}, stop: async () => {}, alive: false };
  }
  createRulesManager() {
    return noopRulesManager;
  }
  getPersistenceTmpDir() {
    return dataDir;
  }
}

const emulator = new OfflineStorageEmulator({ projectId: args.project, host: args.host, port: Number(args.port) });
const buckets = emulator._buckets;
const files = emulator._files;

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res, status, reason, message) {
  sendJson(res, status, { error: { code: status, message, errors: [{ message, domain: 'global', reason }] } });
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve(text ? JSON.parse(text) : {});
      } catch (error) {
        reject(error);
      }
    });
  });
}

// Bucket routes of the JSON API (`/storage/v1/b[/NAME]`, also without the `/storage/v1` prefix).
// Returns true when it answered the request.
async function handleBucketRoute(req, res) {
  const { pathname } = new URL(req.url, 'http://localhost');
  const match = /^(?:\/storage\/v1)?\/b(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match) return false;
  const name = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
  if (name === undefined && req.method === 'GET') {
    sendJson(res, 200, { kind: 'storage#buckets', items: [...buckets.values()] });
  } else if (name === undefined && req.method === 'POST') {
    const body = await readJson(req);
    if (typeof body.name !== 'string' || body.name === '') {
      sendError(res, 400, 'required', 'Required: bucket name');
    } else if (buckets.has(body.name)) {
      sendError(res, 409, 'conflict', `The bucket ${body.name} already exists.`);
    } else {
      emulator.adminStorageLayer.createBucket(body.name);
      sendJson(res, 200, buckets.get(body.name));
    }
  } else if (name !== undefined && req.method === 'GET') {
    if (buckets.has(name)) sendJson(res, 200, buckets.get(name));
    else sendError(res, 404, 'notFound', `The specified bucket ${name} does not exist.`);
  } else if (name !== undefined && req.method === 'DELETE') {
    if (!buckets.has(name)) sendError(res, 404, 'notFound', `The specified bucket ${name} does not exist.`);
    else if ([...files.keys()].some((key) => key.startsWith(`${name}/`)))
      sendError(res, 409, 'conflict', `The bucket ${name} is not empty.`);
    else {
      buckets.delete(name);
      res.writeHead(204).end();
    }
  } else {
    return false;
  }
  return true;
}

async function main() {
  // The emulator builds self links from the registry; without an entry, creating bucket metadata throws.
  EmulatorRegistry.set(emulator.getName(), emulator);
  const app = await createApp(args.project, emulator);
  const server = createServer((req, res) => {
    handleBucketRoute(req, res)
      .then((handled) => {
        if (handled) return;
        // The emulator serves some object routes (metadata PATCH, copyTo, rewriteTo, ACLs) only
        // without the `/storage/v1` prefix that @google-cloud/storage puts before every JSON API path.
        if (req.url.startsWith('/storage/v1/b/')) req.url = req.url.slice('/storage/v1'.length);
        app(req, res);
      })
      .catch((error) => {
        if (!res.headersSent) sendError(res, 500, 'internalError', String(error));
        else res.destroy();
      });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(args.port), args.host, resolve);
  });
  const { port } = server.address();
  // getInfo() (used for self links) reads args.port, so it must name the port actually bound.
  emulator.args.port = port;

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections?.();
    server.close(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log(`GCS emulator listening on http://${args.host}:${port}`);
}

main().catch((error) => {
  console.error(error?.stack ?? String(error));
  process.exit(1);
});
