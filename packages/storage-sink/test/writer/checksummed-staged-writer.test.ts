import { crc32 } from 'node:zlib';
import { MemoryStorage } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';
import { ChecksummedStagedWriter } from '../../src/writer/checksummed-staged-writer.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('ChecksummedStagedWriter', () => {
  it('records the CRC-32 of every byte written, across chunks, and the upload as the store closed it', async () => {
    const storage = new MemoryStorage();
    const writer = new ChecksummedStagedWriter(await storage.openStaged('topics/t/f.json'));
    const chunks = ['{"n":1}\n', '{"n":2}\n', '', '{"n":3}\n'];
    for (const chunk of chunks) await writer.write(bytes(chunk));
    expect(writer.bytesWritten).toBe(24);
    expect(writer.key).toBe('topics/t/f.json');
    const upload = await writer.close();
    expect(upload).toMatchObject({ key: 'topics/t/f.json', size: 24 });
    await storage.finalize(upload);
    const stored = (await storage.get('topics/t/f.json')) as Uint8Array;
    expect(upload.checksum).toBe(`crc32:${(crc32(stored) >>> 0).toString(16).padStart(8, '0')}`);
    expect(upload.checksum).not.toBe(`crc32:${(crc32(Buffer.alloc(24)) >>> 0).toString(16).padStart(8, '0')}`);
  });

  it('pads the hex to 8 digits and gives an empty file the CRC of nothing', async () => {
    const storage = new MemoryStorage();
    const writer = new ChecksummedStagedWriter(await storage.openStaged('empty'));
    expect((await writer.close()).checksum).toBe('crc32:00000000');
  });

  it('aborts the staged upload it wraps', async () => {
    const storage = new MemoryStorage();
    const writer = new ChecksummedStagedWriter(await storage.openStaged('gone'));
    await writer.write(bytes('x'));
    await writer.abort();
    expect(await storage.listStaged('')).toEqual([]);
  });
});
