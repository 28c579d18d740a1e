import { defineConfig } from '@playwright/test';

// Debian's Chromium is used as installed by `cargo xtask test`; Playwright
// never downloads a browser here. The flags keep Chromium from reaching out
// to the network on its own. Playwright adds --user-data-dir itself, with a
// fresh folder under TMPDIR, which the xtask empties before each run.
export default defineConfig({
  testDir: 'specs',
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
