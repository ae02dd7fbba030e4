import { describe, expect, it } from 'vitest';
import { PartWriter, type PartWriterOptions, StorageError, StorageErrorCode } from '../../src/index.js';

interface Upload {
  readonly partNumber: number;
  readonly bytes: number[];
  readonly land: () => void;
  readonly fail: (error: unknown) => void;
}

/** A part writer whose uploads land only when the test says so. */
function harness(options: Partial<PartWriterOptions> = {}) {
  const uploads: Upload[] = [];
  const writer = new PartWriter({
    key: 'k',
    partSize: 4,
    uploadPart: (bytes, partNumber) =>
      new Promise<void>((resolve, reject) => {
        uploads.push({ partNumber, bytes: Array.from(bytes), land: resolve, fail: reject });
      }),
    ...options,
  });
  return { writer, uploads };
}

const bytes = (...values: number[]) => new Uint8Array(values);

/** Lets settled promises run their handlers. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PartWriter', () => {
  it('cuts the stream into parts of partSize, numbered from 1, and the rest at finish', async () => {
    const { writer, uploads } = harness();
    await writer.write(bytes(1, 2, 3));
    expect(uploads).toHaveLength(0);
    await writer.write(bytes(4, 5, 6));
    expect(uploads.map((u) => [u.partNumber, u.bytes])).toEqual([[1, [1, 2, 3, 4]]]);
    expect(writer.bufferedBytes).toBe(6);
    uploads[0]?.land();
    const finished = writer.finish();
    await tick();
    uploads[1]?.land();
    expect(await finished).toBe(6);
    expect(uploads.map((u) => [u.partNumber, u.bytes])).toEqual([
      [1, [1, 2, 3, 4]],
      [2, [5, 6]],
    ]);
    expect(writer.bytesWritten).toBe(6);
    expect(writer.bufferedBytes).toBe(0);
    expect(writer.partCount).toBe(2);
  });

  it('keeps at most one part in flight: filling a second part waits for the first to land', async () => {
    const { writer, uploads } = harness();
    await writer.write(bytes(1, 2, 3, 4));
    let done = false;
    const second = writer.write(bytes(5, 6, 7, 8)).then(() => {
      done = true;
    });
    await tick();
    expect(done).toBe(false);
    expect(uploads).toHaveLength(1);
    expect(writer.bufferedBytes).toBe(8);
    uploads[0]?.land();
    await second;
    expect(uploads.map((u) => u.partNumber)).toEqual([1, 2]);
  });

  it('copies what it is given: the caller may reuse its chunk once write resolves', async () => {
    const { writer, uploads } = harness({ partSize: 8 });
    const chunk = bytes(1, 1);
    await writer.write(chunk);
    chunk.fill(2);
    await writer.write(chunk);
    const finished = writer.finish();
    await tick();
    uploads[0]?.land();
    await finished;
    expect(uploads[0]?.bytes).toEqual([1, 1, 2, 2]);
  });

  it('uploads one empty part for 0 bytes only when emptyPart is set', async () => {
    const without = harness();
    expect(await without.writer.finish()).toBe(0);
    expect(without.uploads).toHaveLength(0);

    const withEmpty = harness({ emptyPart: true });
    const finished = withEmpty.writer.finish();
    await tick();
    withEmpty.uploads[0]?.land();
    expect(await finished).toBe(0);
    expect(withEmpty.uploads.map((u) => [u.partNumber, u.bytes])).toEqual([[1, []]]);
  });

  it('does not add an empty part after a file of exactly one part', async () => {
    const { writer, uploads } = harness({ emptyPart: true });
    await writer.write(bytes(1, 2, 3, 4));
    uploads[0]?.land();
    expect(await writer.finish()).toBe(4);
    expect(uploads).toHaveLength(1);
  });

  it('fails the next write and finish with a failed upload, and stays open for abort', async () => {
    const { writer, uploads } = harness();
    await writer.write(bytes(1, 2, 3, 4));
    const failure = new Error('upload failed');
    uploads[0]?.fail(failure);
    await tick();
    await expect(writer.write(bytes(5))).rejects.toBe(failure);
    await expect(writer.finish()).rejects.toBe(failure);
    await writer.abort();
    await expect(writer.write(bytes(6))).rejects.toThrow('the staged writer is aborted');
  });

  it('refuses write and finish after finish or abort', async () => {
    const closed = harness();
    await closed.writer.finish();
    await expect(closed.writer.write(bytes(1))).rejects.toMatchObject({
      code: StorageErrorCode.INVALID_REQUEST,
      message: expect.stringContaining('the staged writer is closed'),
    });
    await expect(closed.writer.finish()).rejects.toBeInstanceOf(StorageError);

    const aborted = harness();
    await aborted.writer.abort();
    await expect(aborted.writer.finish()).rejects.toThrow('the staged writer is aborted');
  });

  it('abort drops the buffer, waits for the part in flight, and is idempotent', async () => {
    const { writer, uploads } = harness();
    await writer.write(bytes(1, 2, 3, 4, 5));
    let aborted = false;
    const first = writer.abort().then(() => {
      aborted = true;
    });
    expect(writer.abort()).toBe(writer.abort());
    await tick();
    expect(aborted).toBe(false);
    uploads[0]?.fail(new Error('ignored'));
    await first;
    expect(writer.bufferedBytes).toBe(0);
  });

  it('refuses to start a part beyond the limit, naming it', async () => {
    const { writer, uploads } = harness({ limit: { parts: 1, message: 'too many parts' } });
    await writer.write(bytes(1, 2, 3, 4));
    uploads[0]?.land();
    await writer.write(bytes(5));
    await expect(writer.finish()).rejects.toMatchObject({
      code: StorageErrorCode.INVALID_REQUEST,
      message: expect.stringContaining('too many parts'),
    });
    expect(uploads).toHaveLength(1);
  });
});
