import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3Storage } from '../src/index.js';

// s3rver has no ListMultipartUploads, so paging is checked against a stub client that answers
// the way S3 documents it (IsTruncated with NextKeyMarker / NextUploadIdMarker).
describe('listStaged', () => {
  it('follows every page, keeps the prefix relative, and returns abort-only handles', async () => {
    const inputs: Record<string, unknown>[] = [];
    const pages = [
      {
        IsTruncated: true,
        NextKeyMarker: 'p/tp-0/b',
        NextUploadIdMarker: 'u2',
        Uploads: [
          { Key: 'p/tp-0/a', UploadId: 'u1' },
          { Key: 'p/tp-0/b', UploadId: 'u2' },
        ],
      },
      { IsTruncated: false, Uploads: [{ Key: 'p/tp-0/c', UploadId: 'u3' }] },
    ];
    const client = {
      config: { maxAttempts: async () => 1 },
      send: async (command: unknown) => {
        expect(command).toBeInstanceOf(ListMultipartUploadsCommand);
        inputs.push({ ...(command as ListMultipartUploadsCommand).input });
        return pages[inputs.length - 1];
      },
    } as unknown as S3Client;
    const storage = new S3Storage({ client, bucket: 'bucket', prefix: 'p' });
    const found = await storage.listStaged('tp-0/');
    expect(found).toEqual([
      { key: 'tp-0/a', handle: '{"uploadId":"u1","parts":[]}', size: -1 },
      { key: 'tp-0/b', handle: '{"uploadId":"u2","parts":[]}', size: -1 },
      { key: 'tp-0/c', handle: '{"uploadId":"u3","parts":[]}', size: -1 },
    ]);
    expect(inputs).toEqual([
      { Bucket: 'bucket', Prefix: 'p/tp-0/' },
      { Bucket: 'bucket', Prefix: 'p/tp-0/', KeyMarker: 'p/tp-0/b', UploadIdMarker: 'u2' },
    ]);
  });
});
