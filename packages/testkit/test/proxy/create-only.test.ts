import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FaultProxy, faults, startFaultProxy } from '../../src/index.js';
import { type FakeStore, startFakeStore } from './fake-store.js';
import { send } from './http-client.js';

const createOnly = { 'if-none-match': '*' };

describe('create-only enforcement', () => {
  let store: FakeStore;
  let proxy: FaultProxy;

  beforeEach(async () => {
    store = await startFakeStore();
    proxy = await startFaultProxy({ target: store.url, enforceCreateOnly: true });
  });
  afterEach(async () => {
    await proxy.stop();
    await store.stop();
  });

  it('answers 412 to a create-only PUT of an existing key, while a plain PUT still overwrites', async () => {
    const first = await send(`${proxy.url}/bucket/wal/0001`, { method: 'PUT', headers: createOnly, body: 'one' });
    expect(first.status).toBe(200);

    const again = await send(`${proxy.url}/bucket/wal/0001`, { method: 'PUT', headers: createOnly, body: 'two' });
    expect(again.status).toBe(412);
    expect(again.headers['content-type']).toBe('application/xml');
    expect(again.body.toString()).toMatch(/<Code>PreconditionFailed<\/Code>.*<Condition>If-None-Match<\/Condition>/);
    expect(store.objects.get('/bucket/wal/0001')?.toString()).toBe('one');

    const plain = await send(`${proxy.url}/bucket/wal/0001`, { method: 'PUT', body: 'three' });
    expect(plain.status).toBe(200);
    expect(store.objects.get('/bucket/wal/0001')?.toString()).toBe('three');

    expect(proxy.requests.map((r) => [r.status, r.createOnly?.outcome])).toEqual([
      [200, 'absent'],
      [412, 'exists'],
      [200, undefined],
    ]);
    expect(proxy.requests[1]?.createOnly).toMatchObject({ detail: 'HEAD 200' });
    // The 412 was decided by a HEAD the proxy sent; the rejected PUT never reached the store.
    expect(store.seen).toEqual([
      'HEAD /bucket/wal/0001',
      'PUT /bucket/wal/0001',
      'HEAD /bucket/wal/0001',
      'PUT /bucket/wal/0001',
    ]);
  });

  it('lets exactly one of two concurrent create-only PUTs of a new key succeed', async () => {
    // A slow store widens the window in which both existence checks would see "absent".
    store.writeDelayMs = 150;
    const put = (body: string) => send(`${proxy.url}/bucket/wal/0002`, { method: 'PUT', headers: createOnly, body });
    const replies = await Promise.all([put('a'), put('b')]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 412]);
    const winner = replies.findIndex((r) => r.status === 200) === 0 ? 'a' : 'b';
    expect(store.objects.get('/bucket/wal/0002')?.toString()).toBe(winner);
  });

  it('checks CompleteMultipartUpload with If-None-Match, but not UploadPart', async () => {
    store.objects.set('/bucket/data/file.json', Buffer.from('old'));
    const complete = await send(`${proxy.url}/bucket/data/file.json?uploadId=u1`, {
      method: 'POST',
      headers: createOnly,
      body: '<CompleteMultipartUpload/>',
    });
    expect(complete.status).toBe(412);
    const part = await send(`${proxy.url}/bucket/data/file.json?partNumber=1&uploadId=u1`, {
      method: 'PUT',
      headers: createOnly,
      body: 'part',
    });
    expect(part.status).toBe(200);
    expect(proxy.requests[1]?.createOnly).toBeUndefined();
  });

  it('answers a GCS JSON 412 to ifGenerationMatch=0 on an existing object', async () => {
    const upload = (body: string) =>
      send(`${proxy.url}/upload/storage/v1/b/bucket/o?uploadType=media&name=wal%2F0003&ifGenerationMatch=0`, {
        method: 'POST',
        headers: { authorization: 'Bearer owner', 'content-type': 'application/octet-stream' },
        body,
      });
    expect((await upload('first')).status).toBe(200);
    const again = await upload('second');
    expect(again.status).toBe(412);
    expect(JSON.parse(again.body.toString())).toMatchObject({
      error: { code: 412, errors: [{ reason: 'conditionNotMet' }] },
    });
    expect(store.objects.get('/bucket/wal/0003')?.toString()).toBe('first');
    // Existence was asked through the JSON API's metadata route, with the client's bearer token.
    expect(store.seen).toContain('GET /storage/v1/b/bucket/o/wal%2F0003');
    expect(proxy.requests[1]?.createOnly).toMatchObject({ key: expect.stringContaining('gcs bucket/wal/0003') });
  });

  it('checks GCS resumable uploads at the session start and again when the session writes', async () => {
    const start = async () => {
      const reply = await send(
        `${proxy.url}/upload/storage/v1/b/bucket/o?uploadType=resumable&name=wal%2F0005&ifGenerationMatch=0`,
        {
          method: 'POST',
          body: '{}',
        },
      );
      return { status: reply.status, location: String(reply.headers.location) };
    };
    // Two sessions opened while the object is absent: only the first to write may succeed.
    const [one, two] = [await start(), await start()];
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(one.location.startsWith(proxy.url)).toBe(true);
    expect((await send(one.location, { method: 'PUT', body: 'one' })).status).toBe(200);
    const late = await send(two.location, { method: 'PUT', body: 'two' });
    expect(late.status).toBe(412);
    expect(store.objects.get('/bucket/wal/0005')?.toString()).toBe('one');
    expect((await start()).status).toBe(412);
  });

  it('checks the destination of a GCS copy with ifGenerationMatch=0', async () => {
    store.objects.set('/bucket/final.json', Buffer.from('x'));
    const copy = await send(
      `${proxy.url}/storage/v1/b/bucket/o/tmp.json/copyTo/b/bucket/o/final.json?ifGenerationMatch=0`,
      {
        method: 'POST',
      },
    );
    expect(copy.status).toBe(412);
    expect(store.seen).toEqual(['GET /storage/v1/b/bucket/o/final.json']);
  });

  it('forwards a GCS upload whose name is not in the query unchecked, and says why', async () => {
    await send(`${proxy.url}/upload/storage/v1/b/bucket/o?uploadType=multipart&ifGenerationMatch=0`, {
      method: 'POST',
      body: '--multipart--',
    });
    expect(proxy.requests[0]?.createOnly).toMatchObject({ outcome: 'unchecked', detail: /name not in the query/ });
  });

  it('forwards everything unchanged once turned off', async () => {
    store.objects.set('/bucket/k', Buffer.from('old'));
    proxy.enforceCreateOnly(false);
    expect((await send(`${proxy.url}/bucket/k`, { method: 'PUT', headers: createOnly, body: 'new' })).status).toBe(200);
    expect(store.objects.get('/bucket/k')?.toString()).toBe('new');
    proxy.enforceCreateOnly();
    expect((await send(`${proxy.url}/bucket/k`, { method: 'PUT', headers: createOnly, body: 'newer' })).status).toBe(
      412,
    );
  });

  it('applies fault rules before enforcement', async () => {
    proxy.addFault({ match: { method: 'PUT' }, when: { first: 1 }, action: faults.s3SlowDown() });
    const put = () => send(`${proxy.url}/bucket/wal/0004`, { method: 'PUT', headers: createOnly, body: 'x' });
    expect((await put()).status).toBe(503);
    expect((await put()).status).toBe(200);
    expect((await put()).status).toBe(412);
  });
});
