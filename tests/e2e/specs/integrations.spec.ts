// End-to-end flows of the integrations console against the real sandbox:
// sign-in, the list (scrolling, search, sort, history), create, edit,
// delete, and the 403 and 401 paths.

import type { Page } from '@playwright/test';
import { test, expect, signIn, type Workspace } from '../fixtures';

const rows = (page: Page) => page.getByTestId('integration-row');

/** Ids of the integration rows currently in the DOM. */
async function renderedIds(page: Page): Promise<string[]> {
  return rows(page).evaluateAll((elements) =>
    elements.map((element) => element.getAttribute('data-id') ?? ''),
  );
}

/** Reads every active integration id of the workspace through the API. */
async function allIds(workspace: Workspace): Promise<string[]> {
  const ids: string[] = [];
  let token: number | null = 0;
  while (token !== null) {
    const response = await workspace.api.get(
      `/external-integrations?limit=100&continuation_token=${token}`,
    );
    expect(response.status).toBe(200);
    ids.push(...response.json.items.map((item: { id: string }) => item.id));
    token = response.json.has_more ? response.json.continuation_token : null;
  }
  return ids;
}

async function createIntegration(
  workspace: Workspace,
  body: { name: string; display_name: string; description?: string | null },
): Promise<{ id: string; name: string }> {
  const response = await workspace.api.post('/external-integrations', body);
  expect(response.status).toBe(201);
  return response.json;
}

test('sign-in shows the workspace and key, sign-out forgets the key', async ({
  page,
  sandbox,
  workspace,
}) => {
  await signIn(page, sandbox, workspace.ownerKey);

  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByTestId('workspace-id')).toHaveText(workspace.id);
  await expect(page.getByTestId('key-name')).toHaveText('e2e owner');
  expect(page.url()).not.toContain(workspace.ownerKey);

  await page.getByRole('button', { name: 'Sign out' }).click();

  await expect(page.getByLabel('API key')).toBeVisible();
  const after = await page.evaluate(() => sessionStorage.length);
  expect(after).toBe(0);
});

test('a key expiring within 7 days shows a warning', async ({ page, sandbox, workspace }) => {
  const short = await sandbox.createKey({ workspace: workspace.id, role: 'admin', days: 3 });
  await signIn(page, sandbox, short.api_key);

  await expect(page.getByTestId('key-expiry-warning')).toContainText('expires in');
});

test('an invalid config.json shows the start-up failure with a reload link', async ({
  page,
  sandbox,
}) => {
  await page.route('**/config.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"api_base_url": 5}' }),
  );
  await page.goto(sandbox.url + '/');

  await expect(page.getByRole('heading', { name: 'The console could not start' })).toBeVisible();
  await expect(page.getByText('config.json is not valid', { exact: false })).toBeVisible();
  await expect(page.getByRole('link', { name: 'reload the page' })).toBeVisible();
});

test('a wrong key is rejected on the sign-in form', async ({ page, sandbox }) => {
  await page.goto(sandbox.url + '/');
  await page.getByLabel('API key').fill('not-a-real-key');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByText('That API key is invalid or expired.')).toBeVisible();
});

test('scrolling shows each of 250 integrations once', async ({ page, sandbox, workspace }) => {
  await sandbox.seed(workspace.id, { integrations: 250 });
  await signIn(page, sandbox, workspace.ownerKey);
  await expect(page.getByTestId('integration-count')).toHaveText('250 integrations');

  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        const ids = await renderedIds(page);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBeLessThanOrEqual(150);
        ids.forEach((id) => seen.add(id));
        await page.evaluate(() => window.scrollBy(0, window.innerHeight));
        return seen.size;
      },
      { timeout: 30_000 },
    )
    .toBe(250);

  expect([...seen].sort()).toEqual((await allIds(workspace)).sort());
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
  await expect(page.getByRole('table')).toHaveAttribute('aria-rowcount', '251');
});

test('load more button works from the keyboard', async ({ page, sandbox, workspace }) => {
  await sandbox.seed(workspace.id, { integrations: 60 });
  await page.setViewportSize({ width: 1280, height: 400 });
  await signIn(page, sandbox, workspace.ownerKey);
  await expect(page.getByTestId('integration-count')).toHaveText('60 integrations');

  const loadMore = page.getByRole('button', { name: 'Load more' });
  if (await loadMore.isVisible()) {
    await loadMore.focus();
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('table')).toHaveAttribute('aria-rowcount', '61');
  await expect(loadMore).toHaveCount(0);
});

test('a failing list retries three times, then offers Retry', async ({
  page,
  sandbox,
  workspace,
}) => {
  await createIntegration(workspace, { name: 'steady', display_name: 'Steady' });
  await signIn(page, sandbox, workspace.ownerKey);
  await expect(rows(page)).toHaveCount(1);

  let failures = 0;
  await page.route('**/external-integrations?*', async (route) => {
    failures += 1;
    await route.fulfill({
      status: 503,
      contentType: 'application/json',
      headers: { 'x-request-id': 'req-e2e-503' },
      body: JSON.stringify({ detail: 'Service unavailable.' }),
    });
  });
  await page.getByRole('columnheader', { name: 'Updated' }).getByRole('button').click();

  const alert = page.getByRole('alert').filter({ hasText: 'HTTP 503' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('req-e2e-503');
  expect(failures).toBe(3);

  await page.unroute('**/external-integrations?*');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(alert).toHaveCount(0);
});

test('search filters rows, lives in the URL and Escape clears it', async ({
  page,
  sandbox,
  workspace,
}) => {
  await createIntegration(workspace, { name: 'alpha-crm', display_name: 'Alpha CRM' });
  await createIntegration(workspace, { name: 'beta-erp', display_name: 'Beta ERP' });
  await createIntegration(workspace, {
    name: 'gamma-sons',
    display_name: 'Gamma & Sons #1 🙂',
    description: '100% ünïcode',
  });
  await signIn(page, sandbox, workspace.ownerKey);
  await expect(rows(page)).toHaveCount(3);

  const search = page.getByLabel('Search integrations');
  await search.fill('& Sons #1');
  await expect(page).toHaveURL(/[?&]search=%26\+Sons\+%231/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Gamma & Sons #1 🙂');

  await search.fill('nothing-matches-this');
  await expect(page.getByTestId('no-match')).toBeVisible();

  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(rows(page)).toHaveCount(3);
  await expect(page).not.toHaveURL(/search=/);

  await page.reload();
  await search.fill('beta');
  await expect(rows(page)).toHaveCount(1);
  await page.reload();
  await expect(page.getByLabel('Search integrations')).toHaveValue('beta');
  await expect(rows(page)).toHaveCount(1);

  await rows(page).getByRole('link', { name: 'Beta ERP' }).click();
  await page.getByRole('link', { name: '← Integrations' }).click();
  await expect(page).toHaveURL(/\/integrations\?search=beta$/);
  await expect(rows(page)).toHaveCount(1);
});

test('sort toggles, shows aria-sort, and back and forward restore it', async ({
  page,
  sandbox,
  workspace,
}) => {
  for (const [name, display] of [
    ['b-two', 'Bravo'],
    ['a-one', 'Alpha'],
    ['c-three', 'Charlie'],
  ]) {
    await createIntegration(workspace, { name, display_name: display });
  }
  await signIn(page, sandbox, workspace.ownerKey);
  await expect(rows(page)).toHaveCount(3);
  const header = page.getByRole('columnheader', { name: 'Display name' });
  const firstRowLink = rows(page).first().getByRole('link');

  await header.getByRole('button').click();
  await expect(page).toHaveURL(/sort=display_name/);
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await expect(firstRowLink).toHaveText('Alpha');

  await header.getByRole('button').click();
  await expect(page).toHaveURL(/sort=-display_name/);
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect(firstRowLink).toHaveText('Charlie');

  await page.getByLabel('Search integrations').fill('a');
  await expect(page).toHaveURL(/search=a&sort=-display_name/);

  await page.goBack();
  await expect(page).toHaveURL(/\?sort=-display_name$/);
  await expect(page.getByLabel('Search integrations')).toHaveValue('');
  await page.goBack();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await expect(firstRowLink).toHaveText('Alpha');
  await page.goBack();
  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByRole('columnheader', { name: 'Created' })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  await page.goForward();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await expect(firstRowLink).toHaveText('Alpha');
});

test('create maps a server 422 to fields and a 409 under the name', async ({
  page,
  sandbox,
  workspace,
}) => {
  await createIntegration(workspace, { name: 'taken-name', display_name: 'Taken' });
  await signIn(page, sandbox, workspace.ownerKey);
  await page.getByRole('link', { name: 'New integration' }).click();
  await expect(page.getByRole('heading', { name: 'New integration' })).toBeVisible();

  await page.getByLabel('Display name').fill('Taken Name');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('taken-name');
  await page.getByLabel('Description').fill('Syncs 🙂');
  await expect(page.getByTestId('description-counter')).toHaveText('7 / 4096 characters');

  // The console checks every rule the server checks, so a 422 needs a
  // server that disagrees. This route returns one for the first create.
  let intercepted = false;
  await page.route('**/external-integrations', async (route) => {
    if (route.request().method() !== 'POST' || intercepted) {
      return route.fallback();
    }
    intercepted = true;
    await route.fulfill({
      status: 422,
      contentType: 'application/json',
      headers: { 'x-request-id': 'req-e2e-422' },
      body: JSON.stringify({
        detail: [
          { loc: ['body', 'display_name'], msg: 'Display name is reserved', type: 'value_error', input: 'x' },
          { loc: ['body'], msg: 'Body is odd', type: 'value_error', input: {} },
        ],
      }),
    });
  });
  await page.getByRole('button', { name: 'Create integration' }).click();
  await expect(page.getByText('Display name is reserved')).toBeVisible();
  await expect(page.getByTestId('form-banner')).toContainText('body: Body is odd');

  await page.getByRole('button', { name: 'Create integration' }).click();
  await expect(
    page.getByText('This name is already used by another integration. Pick another.'),
  ).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill('fresh-name');
  await page.getByRole('button', { name: 'Create integration' }).dblclick();
  await expect(page.getByRole('heading', { name: 'Taken Name' })).toBeVisible();
  await expect(page).toHaveURL(/\/integrations\/[0-9a-f-]{36}$/);

  const list = await workspace.api.get('/external-integrations?search=fresh-name');
  expect(list.json.total).toBe(1);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Taken Name' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Credentials' })).toBeVisible();
});

test('client-side checks show as the admin types', async ({ page, sandbox, workspace }) => {
  await signIn(page, sandbox, workspace.ownerKey);
  await page.getByRole('link', { name: 'New integration' }).click();

  const name = page.getByLabel('Name', { exact: true });
  await name.fill('Bad Name');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Use lowercase letters, digits, - and _', { exact: false }).last()).toBeVisible();
});

test('edit clears the description with a null', async ({ page, sandbox, workspace }) => {
  const created = await createIntegration(workspace, {
    name: 'with-text',
    display_name: 'With text',
    description: 'Old words',
  });
  await signIn(page, sandbox, workspace.ownerKey);
  await page.goto(`${sandbox.url}/integrations/${created.id}`);
  await expect(page.getByTestId('integration-description')).toHaveText('Old words');

  await page.getByRole('button', { name: 'Edit' }).click();
  const save = page.getByRole('button', { name: 'Save changes' });
  await expect(save).toBeDisabled();
  await page.getByLabel('Description').fill('');
  await expect(save).toBeEnabled();

  const patch = page.waitForRequest((request) => request.method() === 'PATCH');
  await save.click();
  expect((await patch).postDataJSON()).toEqual({ description: null });

  await expect(page.getByText('Changes saved.')).toBeVisible();
  await expect(page.getByTestId('integration-description')).toHaveText('No description.');
  const stored = await workspace.api.get(`/external-integrations/${created.id}`);
  expect(stored.json.description).toBeNull();
});

test('delete asks for the name, counts credentials and removes the row', async ({
  page,
  sandbox,
  workspace,
}) => {
  await sandbox.seed(workspace.id, { services: 1 });
  const serviceList = await fetch(`${sandbox.url}/v1/${workspace.id}/services?limit=20`, {
    headers: { Authorization: `Bearer ${workspace.ownerKey}` },
  }).then((response) => response.json());
  const created = await createIntegration(workspace, { name: 'doomed', display_name: 'Doomed' });
  await createIntegration(workspace, { name: 'survivor', display_name: 'Survivor' });
  const credential = await workspace.api.post(
    `/external-integrations/${created.id}/credentials`,
    { service_ids: [serviceList.items[0].id] },
  );
  expect(credential.status).toBe(201);

  await signIn(page, sandbox, workspace.ownerKey);
  await rows(page).getByRole('link', { name: 'Doomed' }).click();
  // The clicked link is gone, so focus moves to the new page's heading.
  await expect(page.getByRole('heading', { name: 'Doomed', level: 1 })).toBeFocused();
  await page.getByRole('button', { name: 'Delete' }).click();

  const dialog = page.getByRole('dialog', { name: 'Delete Doomed?' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('credentials-to-revoke')).toHaveText(
    'Its 1 active credential will be revoked.',
  );
  const confirm = dialog.getByRole('button', { name: 'Delete integration' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type doomed to confirm').fill('doomed');
  await confirm.click();

  await expect(page.getByRole('heading', { name: 'Integrations', exact: true })).toBeVisible();
  // Seeding services also seeds integrations, so look for the two by name.
  await expect(rows(page).getByRole('link', { name: 'Survivor' })).toBeVisible();
  await expect(rows(page).getByRole('link', { name: 'Doomed' })).toHaveCount(0);
  const gone = await workspace.api.get(`/external-integrations/${created.id}`);
  expect(gone.json.is_active).toBe(false);
});

test('a member key sees the 403 sentence and the page stays usable', async ({
  page,
  sandbox,
  workspace,
}) => {
  const member = await sandbox.createKey({ workspace: workspace.id, role: 'member' });
  await signIn(page, sandbox, member.api_key);

  await page.getByRole('link', { name: 'New integration' }).click();
  await page.getByLabel('Display name').fill('Member try');
  const create = page.getByRole('button', { name: 'Create integration' });
  await create.click();

  await expect(
    page.getByText("Your API key's role cannot do this. Ask for an admin or owner key."),
  ).toBeVisible();
  await expect(create).toBeEnabled();
  await page.getByRole('link', { name: '← Integrations' }).click();
  await expect(page.getByRole('heading', { name: 'Integrations', exact: true })).toBeVisible();
});

test('a revoked key returns to sign-in once and back to the same URL', async ({
  page,
  sandbox,
  workspace,
}) => {
  await createIntegration(workspace, { name: 'kept', display_name: 'Kept & found' });
  const admin = await sandbox.createKey({ workspace: workspace.id, role: 'admin', name: 'temp' });
  await signIn(page, sandbox, admin.api_key);
  await page.getByLabel('Search integrations').fill('Kept & found');
  await expect(page).toHaveURL(/search=Kept/);
  await expect(rows(page)).toHaveCount(1);

  await sandbox.revokeKey(admin.key_id);
  await page.getByRole('columnheader', { name: 'Updated' }).getByRole('button').click();

  await expect(page.getByTestId('session-notice')).toContainText('invalid or expired');
  await expect(page.getByTestId('session-notice')).toHaveCount(1);
  const expected = /\/integrations\?search=Kept\+%26\+found&sort=updated_at$/;
  await expect(page).toHaveURL(expected);

  await page.getByLabel('API key').fill(workspace.ownerKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(page).toHaveURL(expected);
  await expect(page.getByLabel('Search integrations')).toHaveValue('Kept & found');
});

test('reload with a stored session', async ({
  page,
  sandbox,
  workspace,
}) => {
  await createIntegration(workspace, { name: 'reloaded', display_name: 'Reloaded CRM' });
  const admin = await sandbox.createKey({ workspace: workspace.id, role: 'admin', name: 'reload' });
  await signIn(page, sandbox, admin.api_key);
  await expect(rows(page)).toHaveCount(1);

  // The tab keeps the key's auth/me response, so the rows show while the
  // key check still waits, and the page sends the list request only once.
  const listRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/external-integrations?')) listRequests.push(request.url());
  });
  let releaseCheck = () => {};
  const checkHeld = new Promise<void>((resolve) => {
    releaseCheck = resolve;
  });
  await page.route('**/v1/auth/me', async (route) => {
    await checkHeld;
    await route.continue();
  });
  await page.reload();
  await expect(rows(page)).toHaveCount(1);
  await expect(page.getByText('Checking your API key…')).toHaveCount(0);
  releaseCheck();
  await expect(page.getByTestId('key-name')).toHaveText('reload');
  expect(listRequests).toHaveLength(1);

  await sandbox.revokeKey(admin.key_id);
  await page.reload();
  await expect(page.getByTestId('session-notice')).toContainText('invalid or expired');
  await expect(page.getByTestId('session-notice')).toHaveCount(1);
  await expect(page.getByLabel('API key')).toBeVisible();
  const stored = await page.evaluate(() => Object.keys(sessionStorage).join(','));
  expect(stored).not.toContain('integrations-console');
});

/**
 * Holds every API request signed with the key ending in `keySuffix` until
 * the returned function is called.
 */
async function holdRequestsOf(page: Page, keySuffix: string): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/v1/**', async (route) => {
    const authorization = route.request().headers()['authorization'] ?? '';
    if (authorization.endsWith(keySuffix)) await released;
    // A request the page aborted meanwhile has nothing left to continue.
    await route.continue().catch(() => {});
  });
  return release;
}

/** Waits until the page has handled what arrived: one task, then two frames. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(resolve)), 0);
      }),
  );
}

test('late key check leaves a newer session alone', async ({ page, sandbox, workspace }) => {
  const first = await sandbox.createKey({ workspace: workspace.id, role: 'admin', name: 'first' });
  const other = await sandbox.createKey({ role: 'admin', name: 'other' });
  await signIn(page, sandbox, first.api_key);

  // The reload's requests with the first key get their responses only after
  // the admin has signed out and in with a key of another workspace.
  const release = await holdRequestsOf(page, first.api_key);
  await page.reload();
  await expect(page.getByTestId('key-name')).toHaveText('first');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').fill(other.api_key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('key-name')).toHaveText('other');

  const checked = page.waitForResponse((response) => response.url().endsWith('/v1/auth/me'));
  release();
  await checked;
  await settle(page);
  await expect(page.getByTestId('key-name')).toHaveText('other');
  await expect(page.getByTestId('workspace-id')).toHaveText(other.workspace_id);
  const storedOther = await page.evaluate(
    (key) => sessionStorage.getItem('integrations-console.api-key') === key,
    other.api_key,
  );
  expect(storedOther, 'the tab keeps the newer key').toBe(true);
});

test('late 401s of a replaced key keep the new session', async ({ page, sandbox, workspace }) => {
  const old = await sandbox.createKey({ workspace: workspace.id, role: 'admin', name: 'old' });
  await signIn(page, sandbox, old.api_key);
  await sandbox.revokeKey(old.key_id);

  // After the reload the old key's list request and key check both wait
  // while the admin signs out and in with another key.
  const release = await holdRequestsOf(page, old.api_key);
  await page.reload();
  await expect(page.getByTestId('key-name')).toHaveText('old');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').fill(workspace.ownerKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('key-name')).toHaveText('e2e owner');

  const listDenied = page.waitForResponse(
    (response) => response.url().includes('/external-integrations?') && response.status() === 401,
  );
  const checkDenied = page.waitForResponse(
    (response) => response.url().endsWith('/v1/auth/me') && response.status() === 401,
  );
  release();
  await Promise.all([listDenied, checkDenied]);
  await settle(page);
  await expect(page.getByTestId('key-name')).toHaveText('e2e owner');
  await expect(page.getByRole('heading', { name: 'Integrations', exact: true })).toBeVisible();
  await expect(page.getByTestId('session-notice')).toHaveCount(0);
});

test('list follows a workspace the key check corrects', async ({ page, sandbox, workspace }) => {
  await createIntegration(workspace, { name: 'own', display_name: 'Own CRM' });
  await signIn(page, sandbox, workspace.ownerKey);
  await expect(rows(page)).toHaveCount(1);

  await page.evaluate(() => {
    const name = 'integrations-console.key-info';
    const info = JSON.parse(sessionStorage.getItem(name) ?? '{}');
    info.workspace_id = '00000000-0000-4000-8000-000000000000';
    sessionStorage.setItem(name, JSON.stringify(info));
  });
  await page.reload();
  await expect(page.getByTestId('workspace-id')).toHaveText(workspace.id);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Own CRM');
});

test('sign-in after a 401 with another workspace opens its list', async ({
  page,
  sandbox,
  workspace,
}) => {
  const opened = await createIntegration(workspace, { name: 'opened', display_name: 'Opened CRM' });
  const admin = await sandbox.createKey({ workspace: workspace.id, role: 'admin', name: 'ended' });
  const other = await sandbox.createKey({ role: 'admin', name: 'elsewhere' });
  await signIn(page, sandbox, admin.api_key);
  await rows(page).getByRole('link', { name: 'Opened CRM' }).click();
  await expect(page).toHaveURL(new RegExp(`/integrations/${opened.id}$`));

  await sandbox.revokeKey(admin.key_id);
  await page.reload();
  await expect(page.getByTestId('session-notice')).toContainText('invalid or expired');
  await page.getByLabel('API key').fill(other.api_key);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByRole('heading', { name: 'Integrations', exact: true })).toBeVisible();
  await expect(page.getByTestId('workspace-id')).toHaveText(other.workspace_id);
});
