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

/** The data files of `topic`, and the keys under its folder whose names are not data-file names. */
export async function listDataFiles(
  storage: Storage,
  topic: string,
  layout: DataFileLayout = {},
): Promise<{ files: DataFile[]; unrecognized: string[] }> {
  const dir = (layout.topicsDir ?? 'topics').replace(/\/+$/, '');
  const delimiter = escapeRegExp(layout.fileDelimiter ?? '+');
  // `<topic>+<partition>+<startOffset>[+<endOffset>].<ext>`; offsets zero-padded, extension free. A
  // topic too long for a file name is shortened there (fileNameTopic); either spelling is read.
  const topics = [...new Set([topic, fileNameTopic(topic)])].map(escapeRegExp).join('|');
  const name = new RegExp(`^(?:${topics})${delimiter}(\\d+)${delimiter}(\\d+)(?:${delimiter}(\\d+))?\\.[^/]+$`);
  const files: DataFile[] = [];
  const unrecognized: string[] = [];
  for (const object of await listAll(storage, dir === '' ? `${topic}/` : `${dir}/${topic}/`)) {
    const match = name.exec(object.key.slice(object.key.lastIndexOf('/') + 1));
    if (!match) {
      unrecognized.push(object.key);
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
