import { defineConfig } from '@playwright/test';

// Browser tests of the web control center against a real `switchboard serve` (e2e/fixtures/web.ts),
// in Debian's Chromium: Playwright never downloads a browser here. The desktop app's tests run
// under the same config as their own project; they skip where no Electron binary exists.
// `npm run build` must have written out/renderer (and out/main for the desktop project).

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // Every test starts its own gateway and MCP servers; two cores here, so one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'web',
      testIgnore: 'desktop.spec.ts',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
      },
    },
    {
      name: 'desktop',
      testMatch: 'desktop.spec.ts',
    },
  ],
});
