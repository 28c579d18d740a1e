// Offline: a banner says so, infinite scroll pauses, and the list resumes
// loading when the connection returns.

import { test, expect, signIn } from '../fixtures';

test('offline pauses infinite scroll and resumes it online', async ({
  page,
  context,
  sandbox,
  workspace,
}) => {
  await sandbox.seed(workspace.id, { integrations: 300 });
  await page.setViewportSize({ width: 1280, height: 600 });
  await signIn(page, sandbox, workspace.ownerKey);
  await expect(page.getByTestId('integration-count')).toHaveText('300 integrations');
  // The table's height grows with the rows loaded so far (fixed row height).
  await page.waitForLoadState('networkidle');
  const loadedHeight = () =>
    page.evaluate(
      () => document.querySelector('table[aria-label="Integrations"]')?.getBoundingClientRect().height ?? 0,
    );
  const heightBefore = await loadedHeight();

  let listRequests = 0;
  page.on('request', (request) => {
    if (request.url().includes('/external-integrations?')) listRequests += 1;
  });

  await context.setOffline(true);
  const banner = page.getByTestId('offline-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('You are offline.');

  // The end of the loaded rows comes into view, but nothing is requested.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect
    .poll(() => page.evaluate(() => window.scrollY + window.innerHeight >= document.body.scrollHeight - 2))
    .toBe(true);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  expect(listRequests).toBe(0);
  expect(await loadedHeight()).toBe(heightBefore);

  await context.setOffline(false);
  await expect(banner).toHaveCount(0);
  await expect.poll(loadedHeight).toBeGreaterThan(heightBefore);
  expect(listRequests).toBeGreaterThan(0);
});
