import { defineConfig } from 'vitest/config';

// Browser tests: one Chromium per file, files in sequence (2-core CI), against dist/.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    allowOnly: !process.env.CI,
  },
});
