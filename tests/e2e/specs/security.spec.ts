// Browser-side security checks: the Content-Security-Policy the sandbox
// sends with the console, and no violation of it while the console runs.
// Markup in user text must render as inert text. The API key must stay out
// of every place except the tab's sessionStorage, where the console keeps it
// by design.
//
// Keys are compared with `includes` and asserted as booleans, so a failing
// check never prints a key into the report.

import type { Page } from '@playwright/test';
import { test, expect, signIn } from '../fixtures';

/** Text that runs script if any part of the console renders it as HTML. */
const HOSTILE_DISPLAY_NAME = '<img src=x onerror="window.__injected=1">Acme \u202eevil\u202c 🚀';
const HOSTILE_DESCRIPTION =
  '<script>window.__injected=2</script><b>bold?</b> zero\u200bwidth \u200fRTL\u200e 👩‍💻';

/**
 * Collects the page's console messages and, from its first load on, its CSP
 * violation events, which `cspViolations` reads back.
 */
async function watch(page: Page): Promise<{ messages: string[] }> {
  const messages: string[] = [];
  page.on('console', (message) => messages.push(message.text()));
  page.on('pageerror', (error) => messages.push(String(error)));
  // Init scripts run through the DevTools protocol, outside the page's CSP.
  await page.addInitScript(() => {
    const store = window as unknown as { __cspViolations: string[] };
    store.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      store.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return { messages };
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
  );
}

test('console CSP has no unsafe-inline script source', async ({ request, sandbox }) => {
  for (const path of ['/', '/integrations', '/index.html']) {
    const response = await request.get(sandbox.url + path);
    expect(response.status(), path).toBe(200);
    const csp = response.headers()['content-security-policy'] ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .filter((parts) => parts[0] !== '')
        .map((parts) => [parts[0], parts.slice(1)] as const),
    );
    const scriptSrc = directives.get('script-src') ?? directives.get('default-src');
    expect(scriptSrc, `${path}: script-src present`).toBeDefined();
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(scriptSrc).not.toContain('*');
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
  }
});

test('console runs under its CSP without a violation', async ({ page, sandbox, workspace }) => {
  const { messages } = await watch(page);
  const created = await workspace.api.post('/external-integrations', {
    name: 'csp-check',
    display_name: 'CSP check',
  });
  expect(created.status).toBe(201);

  await signIn(page, sandbox, workspace.ownerKey);
  await page.getByRole('link', { name: 'CSP check' }).click();
  await expect(page.getByRole('heading', { name: 'Credentials' })).toBeVisible();
  await page.getByRole('link', { name: '← Integrations' }).click();
  await page.getByRole('link', { name: 'New integration' }).click();
  await expect(page.getByRole('heading', { name: 'New integration' })).toBeVisible();

  expect(await cspViolations(page)).toEqual([]);
  const reported = messages.filter((message) => /Content.Security.Policy/i.test(message));
  expect(reported).toEqual([]);
});

test('markup in display name and description renders as inert text', async ({
  page,
  sandbox,
  workspace,
}) => {
  const { messages } = await watch(page);
  const created = await workspace.api.post('/external-integrations', {
    name: 'hostile-text',
    display_name: HOSTILE_DISPLAY_NAME,
    description: HOSTILE_DESCRIPTION,
  });
  expect(created.status).toBe(201);
  expect(created.json.display_name).toBe(HOSTILE_DISPLAY_NAME);
  expect(created.json.description).toBe(HOSTILE_DESCRIPTION);

  await signIn(page, sandbox, workspace.ownerKey);
  const link = page.getByTestId('integration-row').getByRole('link');
  await expect(link).toHaveText(HOSTILE_DISPLAY_NAME);
  await link.click();
  await expect(page.getByTestId('integration-description')).toHaveText(HOSTILE_DESCRIPTION);

  const injected = await page.evaluate(
    () => (window as unknown as { __injected?: number }).__injected ?? null,
  );
  expect(injected).toBeNull();
  expect(await page.locator('main img[src="x"], main script, main b').count()).toBe(0);
  expect(await cspViolations(page)).toEqual([]);
  expect(messages.filter((message) => /Content.Security.Policy/i.test(message))).toEqual([]);
});

test('API key stays out of storage, cookies, URLs, console and logs', async ({
  page,
  sandbox,
  workspace,
}) => {
  const { messages } = await watch(page);
  const key = workspace.ownerKey;
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  page.on('framenavigated', (frame) => urls.push(frame.url()));

  // A whole session: sign in, list, create, open, edit, search, reload, sign out.
  await signIn(page, sandbox, key);
  await page.getByRole('link', { name: 'New integration' }).click();
  await page.getByLabel('Display name').fill('Session Walk');
  await page.getByRole('button', { name: 'Create integration' }).click();
  await expect(page.getByRole('heading', { name: 'Session Walk' })).toBeVisible();
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Description').fill('walked');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Changes saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('integration-description')).toHaveText('walked');
  await page.getByRole('link', { name: '← Integrations' }).click();
  await page.getByLabel('Search integrations').fill('session');
  await expect(page.getByTestId('integration-row')).toHaveCount(1);

  const stored = await page.evaluate(() => {
    const dump = Array.from({ length: localStorage.length }, (_, index) => {
      const name = localStorage.key(index) ?? '';
      return `${name}=${localStorage.getItem(name)}`;
    });
    const session = Array.from({ length: sessionStorage.length }, (_, index) => {
      const name = sessionStorage.key(index) ?? '';
      return name === 'integrations-console.api-key' ? '' : `${name}=${sessionStorage.getItem(name)}`;
    });
    return {
      local: dump.join('\n'),
      session: session.join('\n'),
      cookie: document.cookie,
      href: location.href,
    };
  });
  expect(stored.local.includes(key), 'key in localStorage').toBe(false);
  expect(stored.session.includes(key), 'key in a sessionStorage entry of its own').toBe(false);
  expect(stored.session.includes('integrations-console.key-info'), 'key info kept').toBe(true);
  expect(stored.cookie.includes(key), 'key in document.cookie').toBe(false);
  expect(stored.href.includes(key), 'key in the URL').toBe(false);
  const cookies = await page.context().cookies();
  expect(JSON.stringify(cookies).includes(key), 'key in a cookie').toBe(false);
  const historyState: string = await page.evaluate(() => JSON.stringify(window.history.state));
  expect((historyState ?? '').includes(key), 'key in the history state').toBe(false);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('API key')).toBeVisible();
  const afterSignOut = await page.evaluate(() => {
    const all = (store: Storage) =>
      Array.from({ length: store.length }, (_, index) => store.getItem(store.key(index) ?? ''));
    return [...all(localStorage), ...all(sessionStorage)].join('\n');
  });
  expect(afterSignOut.includes(key), 'key kept in storage after sign-out').toBe(false);

  expect(urls.length).toBeGreaterThan(5);
  expect(urls.some((url) => url.includes(key)), 'key in a request or page URL').toBe(false);
  expect(messages.join('\n').includes(key), 'key in the browser console').toBe(false);
  expect(sandbox.logs().includes(key), 'key in the sandbox log').toBe(false);
  // The key's secret part alone must not leak either, whatever prefix it has.
  const secretPart = key.slice(-24);
  expect(sandbox.logs().includes(secretPart), 'key suffix in the sandbox log').toBe(false);
});
