import { readFile } from 'node:fs/promises';
import { ConfigError, parseProperties } from '@sinkkit/core';
import { UsageError } from '../errors.js';

/** A `.properties` file as read: its path (as given) and its keys. */
export interface PropertiesFile {
  readonly path: string;
  readonly props: Readonly<Record<string, string>>;
}

/**
 * Reads a Kafka Connect style `.properties` file (UTF-8, `java.util.Properties` syntax). Throws a
 * {@link UsageError} naming the file when it cannot be read or parsed.
 */
export async function readPropertiesFile(path: string): Promise<PropertiesFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
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
