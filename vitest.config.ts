// Test runner configuration: Node environment, files one at a time so the shared PostgreSQL and CPU stay calm.
import { defineConfig } from 'vitest/config';

const report = process.env.REGAIN_TEST_REPORT;

export const config = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Removes the browser tests' managed-policy files before and after the run.
    globalSetup: ['test/extension/support/global-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // CI reads the JSON report to print its one-line summary.
    reporters: report ? ['default', 'json'] : ['default'],
    ...(report ? { outputFile: { json: report } } : {}),
  },
});

export default config;
