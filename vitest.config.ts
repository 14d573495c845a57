import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests spawn real MCP servers; two cores here, so keep the pool small.
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: [
        'src/**/*.test.ts',
        'src/renderer/**',
        'src/main/desktop/**',
        'src/main/index.ts',
        'src/preload/**',
      ],
      reporter: ['text-summary', 'text'],
      thresholds: {
        'src/main/gateway/**': { lines: 80 },
      },
    },
  },
});
