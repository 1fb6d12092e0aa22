import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Peer tests (OmegaT, xmllint, Python) start JVMs and processes: keep the 2-core machine usable.
    maxWorkers: 2,
  },
});
