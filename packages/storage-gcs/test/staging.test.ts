import { StorageErrorCode } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { composeTree, MAX_COMPOSE_SOURCES } from '../src/compose-tree.js';
import { decodeHandle, encodeHandle, newUploadId, StagingNames } from '../src/staging.js';

describe('StagingNames', () => {
  const names = new StagingNames('sink/_sinkkit/staging/');
  const id = newUploadId();

  it('puts the key first and recovers it from part and intermediate names, slashes and all', () => {
    for (const key of ['a', 'topics/t/partition=0/t+0+0000000001.json', 'dir/', 'ünï/😀 x+y=z']) {
      expect(names.parse(names.part(key, id, 7))).toEqual({ key, uploadId: id, kind: 'part' });
      expect(names.parse(names.intermediate(key, id, 3))).toEqual({ key, uploadId: id, kind: 'intermediate' });
      expect(names.part(key, id, 7)).toBe(`sink/_sinkkit/staging/${key}/${id}/p000007`);
    }
  });

  it('ignores names that are not temporary objects', () => {
    for (const name of ['sink/a/b', 'sink/_sinkkit/staging/a/p000000', 'sink/_sinkkit/staging/a/notanid/p000000']) {
      expect(names.parse(name)).toBeUndefined();
    }
    expect(names.parse(`sink/_sinkkit/staging/a/${id}/other`)).toBeUndefined();
  });
});

describe('staged handle', () => {
  it('round-trips through JSON and rejects foreign handles as invalid requests', () => {
    const id = newUploadId();
    expect(decodeHandle(encodeHandle({ uploadId: id, parts: 3 }), 'finalize', 'k')).toEqual({ uploadId: id, parts: 3 });
    expect(decodeHandle(encodeHandle({ uploadId: id }), 'abortStaged', 'k')).toEqual({ uploadId: id });
    for (const bad of ['nope', '{}', '{"uploadId":"../x","parts":1}', `{"uploadId":"${id}","parts":0}`]) {
      expect(() => decodeHandle(bad, 'finalize', 'k')).toThrow(
        expect.objectContaining({ code: StorageErrorCode.INVALID_REQUEST }),
      );
    }
  });
});

describe('composeTree', () => {
  async function run(parts: number) {
    const calls: { sources: readonly string[]; destination: string }[] = [];
    const outcome = await composeTree(
      Array.from({ length: parts }, (_, i) => `p${i}`),
      {
        name: (index) => `c${index}`,
        intermediate: async (sources, destination) => {
          calls.push({ sources, destination });
          return 'ok';
        },
        final: async (sources) => {
          calls.push({ sources, destination: 'final' });
          return 'ok';
        },
      },
    );
    expect(outcome).toBe('ok');
    for (const call of calls) expect(call.sources.length).toBeLessThanOrEqual(MAX_COMPOSE_SOURCES);
    return calls;
  }

  it('copies one part and composes up to 32 in one step', async () => {
    expect(await run(1)).toEqual([{ sources: ['p0'], destination: 'final' }]);
    expect((await run(32)).map((c) => [c.destination, c.sources.length])).toEqual([['final', 32]]);
  });

  it('composes more than 32 parts 32 at a time into an intermediate that takes their place, in order', async () => {
    const calls = await run(33);
    expect(calls.map((c) => [c.destination, c.sources.length])).toEqual([
      ['c0', 32],
      ['final', 2],
    ]);
    expect(calls[1]?.sources).toEqual(['c0', 'p32']);
    // n parts: ⌈(n − 32) / 31⌉ intermediates, each starting with the previous one.
    const big = await run(1000);
    expect(big).toHaveLength(Math.ceil((1000 - 32) / 31) + 1);
    expect(big[1]?.sources.slice(0, 2)).toEqual(['c0', 'p32']);
    expect(big.at(-1)?.sources[0]).toBe(`c${big.length - 2}`);
    expect(big.at(-1)?.sources.at(-1)).toBe('p999');
  });

  it('stops at the first step that does not succeed', async () => {
    let steps = 0;
    const outcome = await composeTree(
      Array.from({ length: 100 }, (_, i) => `p${i}`),
      {
        name: (index) => `c${index}`,
        intermediate: async () => (++steps === 2 ? 'staged gone' : 'ok'),
        final: async () => 'ok',
      },
    );
    expect([outcome, steps]).toEqual(['staged gone', 2]);
  });
});
