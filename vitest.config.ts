import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One Vitest project per package that has a test/ folder, plus the cross-package tests in test/.
const packages = readdirSync('packages').filter((name) => existsSync(`packages/${name}/test`));
const common = { testTimeout: 60_000, hookTimeout: 180_000 };

export default defineConfig({
  test: {
    // Runs once for the whole run: records server pids and fails the run if any is left alive.
    globalSetup: [fileURLToPath(new URL('./test/global-setup.ts', import.meta.url))],
    reporters: ['default', fileURLToPath(new URL('./test/summary-reporter.ts', import.meta.url))],
    projects: [
      ...packages.map((name) => ({
        test: { ...common, name, root: `packages/${name}`, include: ['test/**/*.test.ts'] },
      })),
      { test: { ...common, name: 'e2e', root: 'test', include: ['**/*.test.ts'] } },
      { test: { ...common, name: 'bench', root: 'bench', include: ['test/**/*.test.ts'] } },
    ],
  },
});
