// Start-up failures: when the wasm or config.json cannot be fetched or is
// invalid, index.html's static message shows the reason and offers a reload link
// instead of leaving a blank page.

import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures';

/**
 * index.html shows its failure text after 12 s when nothing replaced it (a
 * CSS animation in style/main.css), so a dead wasm needs a longer wait.
 */
const WASM_FAILURE_TIMEOUT_MS = 20_000;

async function expectStartFailure(page: Page, timeout?: number): Promise<void> {
  await expect(page.getByRole('heading', { name: 'The console could not start' })).toBeVisible({
    timeout,
  });
  await expect(page.getByRole('link', { name: 'reload the page' })).toBeVisible();
  await expect(page.getByLabel('API key')).toHaveCount(0);
}

test('wasm that fails to download shows the reload message', async ({ page, sandbox }) => {
  await page.route('**/*.wasm', (route) => route.abort('failed'));

  await page.goto(sandbox.url + '/');

  await expectStartFailure(page, WASM_FAILURE_TIMEOUT_MS);
});

test('wasm answered with 404 shows the reload message', async ({ page, sandbox }) => {
  await page.route('**/*.wasm', (route) =>
    route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }),
  );

  await page.goto(sandbox.url + '/');

  await expectStartFailure(page, WASM_FAILURE_TIMEOUT_MS);
});

test('config.json that fails to download names it', async ({ page, sandbox }) => {
  await page.route('**/config.json', (route) => route.abort('failed'));

  await page.goto(sandbox.url + '/');

  await expectStartFailure(page);
  await expect(page.getByText('config.json could not be fetched.')).toBeVisible();
});

test('config.json answered with 500 shows the status', async ({ page, sandbox }) => {
  await page.route('**/config.json', (route) =>
    route.fulfill({ status: 500, contentType: 'text/plain', body: 'boom' }),
  );

  await page.goto(sandbox.url + '/');

  await expectStartFailure(page);
  await expect(page.getByText('config.json could not be fetched (HTTP 500).')).toBeVisible();
});

test('config.json that is not JSON says it is not valid', async ({ page, sandbox }) => {
  await page.route('**/config.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '<html>' }),
  );

  await page.goto(sandbox.url + '/');

  await expectStartFailure(page);
  await expect(page.getByText('config.json is not valid', { exact: false })).toBeVisible();
});

test('reload link starts the console once files load again', async ({ page, sandbox }) => {
  await page.route('**/config.json', (route) => route.abort('failed'));
  await page.goto(sandbox.url + '/');
  await expectStartFailure(page);

  await page.unroute('**/config.json');
  await page.getByRole('link', { name: 'reload the page' }).click();

  await expect(page.getByLabel('API key')).toBeVisible();
});
