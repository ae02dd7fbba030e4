import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { MemoryStorage } from '@sinkkit/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { formatReport, verify } from '../../src/index.js';
import { realSinkOutput } from '../support/real-sink.js';
import { dataKey, SinkFixture } from '../support/sink-fixture.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

async function sink() {
  const out = await realSinkOutput(2, 30, 10);
  roots.push(out.root);
  return out;
}

const KEY = 'topics/orders/partition=1/orders+1+0000000010.json';

describe('verify checks file contents against the checksums the sink recorded', () => {
  it('passes the real sink output, every file compared with its checksum', async () => {
    const { storage, root } = await sink();
    const report = await verify({ storage });
    expect(report.partitions.flatMap((p) => p.issues)).toEqual([]);
    expect(report.ok).toBe(true);
    const files = [0, 10, 20].map((n) => `topics/orders/partition=1/orders+1+${String(n).padStart(10, '0')}.json`);
    let bytes = 0;
    for (const key of files) bytes += (await readFile(join(root, key))).length;
    expect(report.partitions.map((p) => p.content?.checked)).toEqual([3, 3]);
    expect(report.partitions.map((p) => p.content?.unrecorded)).toEqual([0, 0]);
    expect(report.partitions[1]?.content?.bytes).toBe(bytes);
    expect(formatReport(report)).toContain('content: 6 files compared with their committed checksums');
    // The checksum the entry recorded is the CRC-32 of the bytes in the store.
    const entry = JSON.parse(await readFile(join(root, '_sinkkit/wal/orders/1/00000000000000000003.json'), 'utf8'));
    const file = entry.files.find((f: { key: string }) => f.key === KEY);
    const crc = (crc32(await readFile(join(root, KEY))) >>> 0).toString(16).padStart(8, '0');
    expect(file.checksum).toBe(`crc32:${crc}`);
  });

  it('fails, naming the file, when a committed file is overwritten in place with the same size', async () => {
    const { storage, root } = await sink();
    const original = await readFile(join(root, KEY), 'utf8');
    await writeFile(join(root, KEY), original.replace('"n":12', '"n":99'));
    expect((await readFile(join(root, KEY))).length).toBe(Buffer.byteLength(original));
    const report = await verify({ storage });
    expect(report.ok).toBe(false);
    const issues = report.partitions.flatMap((p) => p.issues);
    expect(issues.map((i) => [i.kind, i.key])).toEqual([['checksum-mismatch', KEY]]);
    expect(issues[0]?.range).toEqual({ from: 10n, to: 20n });
    expect(report.partitions[1]?.covered).toEqual([
      { from: 0n, to: 10n },
      { from: 20n, to: 30n },
    ]);
    const text = formatReport(report);
    expect(text).toContain(`ERROR checksum-mismatch ${KEY}: content changed since seq 3 committed it`);
    expect(text).toContain('verify: FAILED');
  });

  it('fails when a committed file is zeroed in place', async () => {
    const { storage, root } = await sink();
    const size = (await readFile(join(root, KEY))).length;
    await writeFile(join(root, KEY), Buffer.alloc(size));
    const report = await verify({ storage });
    expect(report.ok).toBe(false);
    expect(report.partitions.flatMap((p) => p.issues.map((i) => `${i.kind} ${i.key}`))).toEqual([
      `checksum-mismatch ${KEY}`,
    ]);
  });

  it('compares only sizes with checksums off, and says so', async () => {
    const { storage, root } = await sink();
    const size = (await readFile(join(root, KEY))).length;
    await writeFile(join(root, KEY), Buffer.alloc(size));
    const report = await verify({ storage, checksums: false });
    expect(report.ok).toBe(true);
    expect(report.partitions.map((p) => p.content)).toEqual([null, null]);
    expect(formatReport(report)).toContain('content: not checked (--no-checksums)');
  });

  it('verifies entries written without a checksum, with a note, and checks sha256 checksums too', async () => {
    const storage = new MemoryStorage();
    const old = new SinkFixture(storage);
    await old.claim('orders', 0);
    await old.commitRun('orders', 0, 0, 2, 10); // as a sinkkit before checksums wrote them
    const report = await verify({ storage });
    expect(report.ok).toBe(true);
    expect(report.totals.warnings).toBe(0);
    expect(report.partitions[0]?.content).toEqual({ checked: 0, unrecorded: 2, bytes: 0 });
    expect(formatReport(report)).toContain('note: 2 files were committed without a checksum');
    expect((await verify({ storage, strict: true })).ok).toBe(true);

    const hashed = new SinkFixture(storage, { checksum: 'sha256' });
    await hashed.claim('orders', 0);
    await hashed.commitRun('orders', 0, 20, 2, 10);
    const key = dataKey('orders', 0, 30);
    const body = (await storage.get(key)) as Uint8Array;
    expect((await verify({ storage })).partitions[0]?.content).toMatchObject({ checked: 2, unrecorded: 2 });
    await storage.delete(key);
    await storage.putIfAbsent(
      key,
      body.map((b) => (b === 0x30 ? 0x31 : b)),
    ); // same size, one digit changed
    const changed = await verify({ storage });
    expect(changed.partitions[0]?.issues.map((i) => `${i.kind} ${i.key}`)).toEqual([`checksum-mismatch ${key}`]);
  });
});
