import { configDefaults, defineConfig } from 'vitest/config';

/** Tests of the test fixtures and third-party servers, kept out of `npm test`. */
export const FIXTURE_SELF_TESTS = ['test/fixtures-servers.test.ts'];

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The fixtures' own self-tests check the fixture and third-party servers the suite leans on,
    // not the product; they run with `npm run test:fixtures` (vitest.fixtures.config.ts).
    exclude: [...configDefaults.exclude, ...FIXTURE_SELF_TESTS],
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
