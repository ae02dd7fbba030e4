import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Two Avro implementations that share no code with avsc: Apache Avro's Python library and its
// C library's avrocat (Debian's python3-avro and avro-bin, installed by scripts/setup.sh).
// Debian's interpreter is named explicitly: a python3 found first on PATH may lack the module.
const PYTHON = '/usr/bin/python3';
const INSTALL = 'apt-get install -y --no-install-recommends python3-avro avro-bin (scripts/setup.sh does it)';

const READ_PY = `
import sys, json, decimal, datetime
import avro.datafile, avro.io, avro.schema
def plain(v):
    if isinstance(v, bytes): return {"bytes": v.hex()}
    if isinstance(v, decimal.Decimal): return {"decimal": str(v)}
    if isinstance(v, (datetime.date, datetime.time, datetime.datetime)): return {"time": v.isoformat()}
    raise TypeError(type(v))
reader_schema = avro.schema.parse(sys.argv[2]) if len(sys.argv) > 2 else None
with open(sys.argv[1], "rb") as f:
    with avro.datafile.DataFileReader(f, avro.io.DatumReader(None, reader_schema)) as r:
        print(json.dumps({"schema": json.loads(r.meta["avro.schema"].decode()), "records": list(r)}, default=plain))
`;

/** A scratch folder for files handed to the readers; `remove()` deletes it. */
export function scratch(): { file(bytes: Uint8Array): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sinkkit-avro-readers-'));
  let n = 0;
  return {
    file(bytes) {
      const path = join(dir, `f${n++}.avro`);
      writeFileSync(path, bytes);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Reads an Avro container file with Apache Avro's Python library: the writer schema and every
 * record (bytes as `{bytes: hex}`, decimals as `{decimal: text}`, dates and times in ISO form).
 * With `readerSchema`, records are resolved to it (Avro schema resolution).
 */
export async function readWithPython(
  path: string,
  readerSchema?: unknown,
): Promise<{ schema: unknown; records: Record<string, unknown>[] }> {
  const args = ['-c', READ_PY, path, ...(readerSchema === undefined ? [] : [JSON.stringify(readerSchema)])];
  const { stdout } = await run(PYTHON, args, { maxBuffer: 64 * 1024 * 1024 }).catch((error: { stderr?: string }) => {
    if (/No module named 'avro'|ENOENT/.test(String(error.stderr ?? error))) {
      throw new Error(`Apache Avro for Python is not installed: ${INSTALL}`);
    }
    throw new Error(`python3-avro could not read ${path}: ${error.stderr ?? String(error)}`);
  });
  return JSON.parse(stdout);
}

/** Reads an Avro container file with avro-c's `avrocat`: one JSON text per record. */
export async function readWithAvroC(path: string): Promise<unknown[]> {
  const { stdout } = await run('avrocat', [path], { maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { code?: string; stderr?: string }) => {
      if (error.code === 'ENOENT') throw new Error(`avro-c's avrocat is not installed: ${INSTALL}`);
      throw new Error(`avrocat could not read ${path}: ${error.stderr ?? String(error)}`);
    },
  );
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}
