import { defineConfig } from 'vitest/config';
import base, { FIXTURE_SELF_TESTS } from './vitest.config.js';

// Only the fixture self-tests: whether our fixture servers and the third-party servers the
// suite drives still behave as the product's tests assume. `npm run test:fixtures`.
// Spread rather than mergeConfig, which would append to the base include list.
export default defineConfig({
  test: {
    ...base.test,
    include: FIXTURE_SELF_TESTS,
    exclude: [],
    coverage: { ...base.test?.coverage, enabled: false },
  },
});
