import type { ObjectInfo, Storage } from '@sinkkit/core';

/** Every object under `prefix`, following the pages of `storage.list`. */
export async function listAll(storage: Storage, prefix: string): Promise<ObjectInfo[]> {
  const objects: ObjectInfo[] = [];
  let pageToken: string | undefined;
  do {
    const page = await storage.list(prefix, pageToken === undefined ? {} : { pageToken });
    objects.push(...page.objects);
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return objects;
}
