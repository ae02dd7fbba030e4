import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FaultProxy, freePort, startFaultProxy } from '../../src/index.js';
import { type FakeStore, startFakeStore } from './fake-store.js';
import { send } from './http-client.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('fault proxy forwarding', () => {
  let store: FakeStore;
  let proxy: FaultProxy;

  beforeEach(async () => {
    store = await startFakeStore();
    proxy = await startFaultProxy({ target: store.url });
  });
  afterEach(async () => {
    await proxy.stop();
    await store.stop();
  });

  it('streams a multi-MB chunked upload and its download intact', async () => {
    const data = randomBytes(12 * 1024 * 1024);
    // 64 KB chunks without content-length: the proxy must relay chunked framing, not a buffered whole.
    const chunks = Array.from({ length: data.length / 65536 }, (_, i) => data.subarray(i * 65536, (i + 1) * 65536));
    const put = await send(`${proxy.url}/bucket/big.bin`, { method: 'PUT', body: Readable.from(chunks) });
    expect(put.status).toBe(200);
    expect(sha256(store.objects.get('/bucket/big.bin') ?? Buffer.alloc(0))).toBe(sha256(data));

    const get = await send(`${proxy.url}/bucket/big.bin`);
    expect(get.status).toBe(200);
    expect(get.headers['content-length']).toBe(String(data.length));
    expect(sha256(get.body)).toBe(sha256(data));
  });

  it('hands the first bytes to the target before the client has sent the rest', async () => {
    const first = Buffer.alloc(256 * 1024, 1);
    const body = new Readable({ read() {} });
    const arrived = new Promise<void>((resolve) => {
      store.onBodyProgress = (bytes) => {
        if (bytes >= first.length) resolve();
      };
    });
    const put = send(`${proxy.url}/bucket/stream.bin`, { method: 'PUT', body });
    body.push(first);
    // Resolves only if the proxy streams: the request is not finished until we push the end.
    await arrived;
    body.push(Buffer.alloc(1024, 2));
    body.push(null);
    expect((await put).status).toBe(200);
    expect(store.objects.get('/bucket/stream.bin')?.length).toBe(first.length + 1024);
  });

  it('forwards the Host header the client used, so signatures over it still verify', async () => {
    await send(`${proxy.url}/bucket/k`, { method: 'PUT', body: 'x', headers: { 'x-amz-meta-a': '1' } });
    expect(store.lastHeaders?.host).toBe(`127.0.0.1:${proxy.port}`);
    expect(store.lastHeaders?.['x-amz-meta-a']).toBe('1');
  });

  it('records each request with method, path, query and status', async () => {
    await send(`${proxy.url}/bucket/k?x-id=PutObject`, { method: 'PUT', body: 'v' });
    await send(`${proxy.url}/bucket/k`, { method: 'HEAD' });
    await send(`${proxy.url}/bucket/missing`);
    expect(
      proxy.requests.map(({ method, path, query, status, faults }) => ({ method, path, query, status, faults })),
    ).toEqual([
      { method: 'PUT', path: '/bucket/k', query: 'x-id=PutObject', status: 200, faults: [] },
      { method: 'HEAD', path: '/bucket/k', query: '', status: 200, faults: [] },
      { method: 'GET', path: '/bucket/missing', query: '', status: 404, faults: [] },
    ]);
    expect(proxy.requests.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(proxy.requests.every((r) => r.durationMs !== undefined)).toBe(true);
  });
});

describe('fault proxy without a target', () => {
  it('answers 502 and logs why when the target refuses connections', async () => {
    const proxy = await startFaultProxy({ target: `http://127.0.0.1:${await freePort()}` });
    try {
      const reply = await send(`${proxy.url}/bucket/k`);
      expect(reply.status).toBe(502);
      expect(proxy.requests[0]?.error).toMatch(/ECONNREFUSED/);
    } finally {
      await proxy.stop();
    }
  });

  it('rejects a target that is not a plain http URL', async () => {
    await expect(startFaultProxy({ target: 'https://127.0.0.1:9000' })).rejects.toThrow(/plain http:\/\/HOST:PORT/);
    await expect(startFaultProxy({ target: 'nonsense' })).rejects.toThrow(/must be an http:\/\/ URL/);
  });
});
