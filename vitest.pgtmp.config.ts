import { defineConfig } from 'vitest/config';
export default defineConfig({
  root: '/work/main',
  test: {
    include: ['tests/e2e/playground.e2e.ts'],
    globalSetup: [process.env.PG_DEV ? '/tmp/pg/setup-dev.ts' : '/tmp/pg/setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
