import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMockCluster, TestkitError } from '../../src/index.js';

describe('buildMockCluster', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'sinkkit-build-native-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('builds once and reuses the binary while it is newer than the source', async () => {
    const cacheDir = join(scratch, 'cache');
    const binary = await buildMockCluster({ cacheDir });
    expect(binary.startsWith(cacheDir)).toBe(true);
    const builtAt = statSync(binary).mtimeMs;
    // Concurrent callers (several vitest workers) get the same, complete binary.
    const again = await Promise.all([buildMockCluster({ cacheDir }), buildMockCluster({ cacheDir })]);
    expect(again).toEqual([binary, binary]);
    expect(statSync(binary).mtimeMs).toBe(builtAt);
    expect(statSync(binary).mode & 0o111).not.toBe(0);
  });

  it('names the Debian packages when the compiler is missing', async () => {
    const attempt = buildMockCluster({ compiler: join(scratch, 'no-such-gcc'), cacheDir: join(scratch, 'none') });
    await expect(attempt).rejects.toBeInstanceOf(TestkitError);
    await expect(attempt).rejects.toThrow(
      /no-such-gcc.*apt-get install -y --no-install-recommends librdkafka-dev gcc/s,
    );
  });

  it('names the Debian packages when a librdkafka header is missing', async () => {
    const source = join(scratch, 'needs-missing-header.c');
    writeFileSync(source, '#include <librdkafka/rdkafka_not_installed.h>\nint main(void) { return 0; }\n');
    await expect(buildMockCluster({ source, cacheDir: join(scratch, 'cache') })).rejects.toThrow(
      /librdkafka \(header or library\) is missing.*librdkafka-dev/s,
    );
  });

  it('reports other compile errors with the compiler output', async () => {
    const source = join(scratch, 'broken.c');
    writeFileSync(source, 'int main(void) { return missing_symbol; }\n');
    await expect(buildMockCluster({ source, cacheDir: join(scratch, 'cache') })).rejects.toThrow(
      /could not build .*broken\.c.*missing_symbol/s,
    );
  });
});
