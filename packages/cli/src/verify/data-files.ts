import type { Storage } from '@sinkkit/core';
import { fileNameTopic } from '@sinkkit/storage-sink';
import { listAll } from '../storage/list-all.js';

/** A data file found in the store, with what its name says about its records. */
export interface DataFile {
  readonly key: string;
  readonly size: number;
  readonly partition: number;
  readonly startOffset: bigint;
  /** From the name when it has one (`<topic>+<partition>+<start>+<end>.<ext>`), else `undefined`. */
  readonly endOffset: bigint | undefined;
}

/** How data files are laid out; the defaults are the sink's (and Confluent's) defaults. */
export interface DataFileLayout {
  /** Folder of every topic's files. Default `topics`. */
  readonly topicsDir?: string;
  /** Between topic, partition and offsets in a file name. Default `+`. */
  readonly fileDelimiter?: string;
}

/**
 * The data files of `topic`, and the keys under its folder whose names are not data-file names.
 *
 * A transformation that renames topics (RegexRouter, TimestampRouter) makes the sink write a
 * partition's files under the new topic's folder, still named after the topic they were
 * consumed from: `routedFolders` (folders the commit log names for this topic's files) are
 * listed too, and there only files named after `topic` count (other names belong to other topics).
 */
export async function listDataFiles(
  storage: Storage,
  topic: string,
  layout: DataFileLayout = {},
  routedFolders: readonly string[] = [],
): Promise<{ files: DataFile[]; unrecognized: string[] }> {
  const own = topicFolder(topic, layout);
  const delimiter = escapeRegExp(layout.fileDelimiter ?? '+');
  // `<topic>+<partition>+<startOffset>[+<endOffset>].<ext>`; offsets zero-padded, extension free. A
  // topic too long for a file name is shortened there (fileNameTopic); either spelling is read.
  const topics = [...new Set([topic, fileNameTopic(topic)])].map(escapeRegExp).join('|');
  const name = new RegExp(`^(?:${topics})${delimiter}(\\d+)${delimiter}(\\d+)(?:${delimiter}(\\d+))?\\.[^/]+$`);
  const files: DataFile[] = [];
  const unrecognized: string[] = [];
  const objects = [own, ...routedFolders.filter((f) => f !== own)];
  for (const object of (await Promise.all(objects.map((prefix) => listAll(storage, prefix)))).flat()) {
    const match = name.exec(object.key.slice(object.key.lastIndexOf('/') + 1));
    if (!match) {
      if (object.key.startsWith(own)) unrecognized.push(object.key);
      continue;
    }
    files.push({
      key: object.key,
      size: object.size,
      partition: Number(match[1]),
      startOffset: BigInt(match[2] as string),
      endOffset: match[3] === undefined ? undefined : BigInt(match[3]),
    });
  }
  return { files, unrecognized };
}

/** The folder the sink writes `topic`'s files under when no transformation renames it. */
function topicFolder(topic: string, layout: DataFileLayout): string {
  const dir = (layout.topicsDir ?? 'topics').replace(/\/+$/, '');
  return dir === '' ? `${topic}/` : `${dir}/${topic}/`;
}

/**
 * The topic folders, other than `topic`'s own, that hold files the commit log lists for it
 * (written there after a transformation renamed the topic).
 */
export function routedFolders(topic: string, committedKeys: Iterable<string>, layout: DataFileLayout = {}): string[] {
  const own = topicFolder(topic, layout);
  const dir = (layout.topicsDir ?? 'topics').replace(/\/+$/, '');
  const root = dir === '' ? '' : `${dir}/`;
  const folders = new Set<string>();
  for (const key of committedKeys) {
    if (key.startsWith(own) || !key.startsWith(root)) continue;
    const slash = key.indexOf('/', root.length);
    if (slash !== -1) folders.add(key.slice(0, slash + 1));
  }
  return [...folders];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
