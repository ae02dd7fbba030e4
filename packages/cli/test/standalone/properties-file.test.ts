import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPropertiesFile } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sinkkit-properties-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('readPropertiesFile encoding', () => {
  it('drops a leading UTF-8 byte order mark, so the first key is read as written', async () => {
    const path = write('bom.properties', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name=c\n')]));
    const { props } = await readPropertiesFile(path);
    expect(props).toEqual({ name: 'c' });
  });

  it('reads valid UTF-8 as UTF-8', async () => {
    const path = write('utf8.properties', Buffer.from('name=café\n', 'utf8'));
    expect((await readPropertiesFile(path)).props.name).toBe('café');
  });

  it('reads bytes that are not valid UTF-8 as ISO-8859-1 instead of replacing them with U+FFFD', async () => {
    const path = write('latin1.properties', Buffer.from('name=café\n', 'latin1'));
    expect((await readPropertiesFile(path)).props.name).toBe('café');
  });

  it('drops a BOM before UTF-8 text that is not ASCII', async () => {
    const path = write('latin1-bom.properties', Buffer.from('\ufeffname=é\n', 'utf8'));
    expect((await readPropertiesFile(path)).props).toEqual({ name: 'é' });
  });
});
