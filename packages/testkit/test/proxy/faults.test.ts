import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FaultProxy, faults, startFaultProxy } from '../../src/index.js';
import { type FakeStore, startFakeStore } from './fake-store.js';
import { send } from './http-client.js';

describe('fault rules', () => {
  let store: FakeStore;
  let proxy: FaultProxy;

  beforeEach(async () => {
    store = await startFakeStore();
    store.objects.set('/bucket/obj', Buffer.from('0123456789'.repeat(1000)));
    proxy = await startFaultProxy({ target: store.url });
  });
  afterEach(async () => {
    await proxy.stop();
    await store.stop();
  });

  it('adds latency before forwarding', async () => {
    proxy.addFault({ match: { method: 'GET' }, action: faults.latency(300) });
    const started = performance.now();
    const reply = await send(`${proxy.url}/bucket/obj`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(reply.status).toBe(200);
    expect(proxy.requests[0]?.faults).toEqual(['latency 300ms']);
  });

  it('answers a burst of N S3 SlowDown errors, then forwards', async () => {
    proxy.addFault({ match: { method: 'PUT', path: /^\/bucket\// }, when: { first: 3 }, action: faults.s3SlowDown() });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await send(`${proxy.url}/bucket/k`, { method: 'PUT', body: `v${i}` });
      statuses.push(reply.status);
      if (reply.status === 503) {
        expect(reply.headers['content-type']).toBe('application/xml');
        expect(reply.body.toString()).toMatch(/<Code>SlowDown<\/Code>/);
      }
    }
    expect(statuses).toEqual([503, 503, 503, 200, 200]);
    // The failed attempts never reached the target.
    expect(store.seen.filter((line) => line.startsWith('PUT'))).toHaveLength(2);
    expect(store.objects.get('/bucket/k')?.toString()).toBe('v4');
    expect(proxy.requests.map((r) => r.faults.length)).toEqual([1, 1, 1, 0, 0]);
  });

  it('applies nth, every and times, and stops once removed', async () => {
    const nth = proxy.addFault({
      name: 'third',
      match: { path: '/bucket/a' },
      when: { nth: 3 },
      action: faults.error(500),
    });
    const every = proxy.addFault({
      match: { path: '/bucket/b' },
      when: { every: 2, times: 2 },
      action: faults.s3InternalError(),
    });
    const statusesOf = async (path: string, count: number) => {
      const statuses: number[] = [];
      for (let i = 0; i < count; i++) statuses.push((await send(`${proxy.url}${path}`, { method: 'HEAD' })).status);
      return statuses;
    };
    store.objects.set('/bucket/a', Buffer.from('a'));
    store.objects.set('/bucket/b', Buffer.from('b'));
    expect(await statusesOf('/bucket/a', 4)).toEqual([200, 200, 500, 200]);
    expect(await statusesOf('/bucket/b', 7)).toEqual([200, 500, 200, 500, 200, 200, 200]);
    expect({ matched: nth.matched, fired: nth.fired, name: nth.name }).toEqual({ matched: 4, fired: 1, name: 'third' });
    expect({ matched: every.matched, fired: every.fired }).toEqual({ matched: 7, fired: 2 });

    const always = proxy.addFault({ action: faults.error(503, 'busy') });
    expect((await send(`${proxy.url}/bucket/a`)).body.toString()).toBe('busy');
    always.remove();
    expect((await send(`${proxy.url}/bucket/a`)).status).toBe(200);
  });

  it('makes the same probabilistic decisions for the same seed', async () => {
    const run = async (seed: number) => {
      const seeded = await startFaultProxy({ target: store.url, seed });
      try {
        seeded.addFault({ when: { probability: 0.3 }, action: faults.error(503) });
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++) statuses.push((await send(`${seeded.url}/bucket/obj`, { method: 'HEAD' })).status);
        return statuses.map((s) => (s === 503 ? 'x' : '.')).join('');
      } finally {
        await seeded.stop();
      }
    };
    const first = await run(42);
    expect(await run(42)).toBe(first);
    expect(first).toMatch(/x/);
    expect(first).toMatch(/\./);
    expect(await run(7)).not.toBe(first);
  });

  it('resets the connection without answering', async () => {
    proxy.addFault({ match: { method: 'GET' }, when: { first: 1 }, action: faults.reset() });
    const error = await send(`${proxy.url}/bucket/obj`).catch((e: NodeJS.ErrnoException) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    expect(proxy.requests[0]).toMatchObject({ status: undefined, faults: ['reset'] });
    expect(store.seen).toEqual([]);
    expect((await send(`${proxy.url}/bucket/obj`)).status).toBe(200);
  });

  it('can reset after the target handled the request: the write happened, the client never heard', async () => {
    proxy.addFault({ match: { method: 'PUT' }, action: faults.reset({ afterForward: true }) });
    await expect(send(`${proxy.url}/bucket/lost-ack`, { method: 'PUT', body: 'done' })).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(store.objects.get('/bucket/lost-ack')?.toString()).toBe('done');
  });

  it('cuts the answer mid-body after the headers', async () => {
    proxy.addFault({ match: { method: 'GET' }, action: faults.cut(4000) });
    const error = (await send(`${proxy.url}/bucket/obj`).catch((e: unknown) => e)) as Error & {
      partial: Buffer;
      status: number;
    };
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(200);
    expect(error.partial.length).toBe(4000);
    expect(error.partial.toString()).toBe('0123456789'.repeat(400));
    expect(proxy.requests[0]).toMatchObject({ status: 200, faults: ['cut after 4000 bytes'] });
  });

  it('cuts at half the content-length by default', async () => {
    proxy.addFault({ action: faults.cut() });
    const error = (await send(`${proxy.url}/bucket/obj`).catch((e: unknown) => e)) as { partial?: Buffer };
    expect(error.partial?.length).toBe(5000);
  });

  it('hangs a request until the client gives up', async () => {
    proxy.addFault({ match: { method: 'PUT' }, action: faults.hang() });
    const started = performance.now();
    await expect(send(`${proxy.url}/bucket/h`, { method: 'PUT', body: 'x', timeoutMs: 300 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(store.seen).toEqual([]);
  });

  it('combines latency with a later fault and matches on a predicate', async () => {
    proxy.addFault({ action: faults.latency(100) });
    proxy.addFault({ match: { predicate: (r) => r.query.has('uploadId') }, action: faults.gcsBackendError() });
    const started = performance.now();
    const reply = await send(`${proxy.url}/bucket/obj?uploadId=1`, { method: 'POST', body: '<x/>' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.body.toString())).toMatchObject({
      error: { code: 503, errors: [{ reason: 'backendError' }] },
    });
    expect(proxy.requests[0]?.faults).toEqual(['latency 100ms', 'error 503']);
    proxy.clearFaults();
    expect((await send(`${proxy.url}/bucket/obj`)).status).toBe(200);
  });

  it('rejects an invalid rule with the key, the value and why', () => {
    expect(() => proxy.addFault({ when: { nth: 0 }, action: faults.hang() })).toThrow(
      'fault rule: when.nth must be a positive integer, got 0',
    );
    expect(() => proxy.addFault({ when: { first: 1, every: 2 }, action: faults.hang() })).toThrow(/only one of nth/);
    expect(() => proxy.addFault({ when: { probability: 2 }, action: faults.hang() })).toThrow(/between 0 and 1/);
    expect(() => proxy.addFault({ name: 'x', action: { type: 'error', status: 42 } })).toThrow(
      "fault rule 'x': action.status must be an HTTP status between 200 and 599, got 42",
    );
  });
});
