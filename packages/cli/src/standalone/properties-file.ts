import { readFile } from 'node:fs/promises';
import { ConfigError, parseProperties } from '@sinkkit/core';
import { UsageError } from '../errors.js';
import { decodeProperties } from './decode-properties.js';

/** A `.properties` file as read: its path (as given) and its keys. */
export interface PropertiesFile {
  readonly path: string;
  readonly props: Readonly<Record<string, string>>;
}

/**
 * Reads a Kafka Connect style `.properties` file (`java.util.Properties` syntax; UTF-8, or
 * ISO-8859-1 when the bytes are not valid UTF-8; a leading BOM is dropped). Throws a
 * {@link UsageError} naming the file when it cannot be read or parsed.
 */
export async function readPropertiesFile(path: string): Promise<PropertiesFile> {
  let text: string;
  try {
    text = decodeProperties(await readFile(path));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(`${path}: cannot read it: ${reason}`, { cause: error });
  }
  try {
    return { path, props: parseProperties(text) };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`${path}: ${error.message}`, { cause: error });
    throw error;
  }
}
