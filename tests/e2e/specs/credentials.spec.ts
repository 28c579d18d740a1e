// End-to-end flows of client credentials on the integration detail page,
// against the real sandbox: create through the service picker, the secret
// dialog shown once, copy and download, rotate, revoke, expiry, inactive
// services, the 403 path, and deleting the integration.
//
// Secrets are compared with `includes`/`===` and asserted as booleans, so a
// failing check never prints a secret into the report.

import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test, expect, signIn, type Sandbox, type Workspace } from '../fixtures';

interface Service {
  id: string;
  name: string;
}

interface Secret {
  credential: { id: string; client_id: string; name: string | null };
  client_secret: string;
}

const rows = (page: Page) => page.getByTestId('credential-row');
const secretDialog = (page: Page) =>
  page.getByRole('dialog', { name: 'Store the client secret' });

async function createIntegration(workspace: Workspace, name: string): Promise<string> {
  const response = await workspace.api.post('/external-integrations', {
    name,
    display_name: `Integration ${name}`,
  });
  expect(response.status).toBe(201);
  return response.json.id;
}

/** Fetches one page of active services in the order the picker shows them. */
async function servicePage(workspace: Workspace, offset: number): Promise<Service[]> {
  const response = await workspace.api.get(
    `/services?sort_by=name&is_active=true&limit=20&continuation_token=${offset}`,
  );
  expect(response.status).toBe(200);
  return response.json.items;
}

async function createCredential(
  workspace: Workspace,
  integrationId: string,
  body: { service_ids: string[]; name?: string; expires_at?: string },
): Promise<Secret> {
  const response = await workspace.api.post(
    `/external-integrations/${integrationId}/credentials`,
    body,
  );
  expect(response.status).toBe(201);
  return response.json;
}

async function verify(sandbox: Sandbox, clientId: string, clientSecret: string): Promise<boolean> {
  const response = await fetch(`${sandbox.url}/sandbox/credentials/verify`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
  });
  expect(response.status).toBe(200);
  return (await response.json()).valid;
}

async function openDetail(page: Page, sandbox: Sandbox, apiKey: string, integrationId: string) {
  await signIn(page, sandbox, apiKey);
  await page.goto(`${sandbox.url}/integrations/${integrationId}`);
  await expect(page.getByRole('heading', { name: 'Credentials' })).toBeVisible();
}

/** Console messages of the page, collected from now on. */
function consoleMessages(page: Page): string[] {
  const messages: string[] = [];
  page.on('console', (message) => messages.push(message.text()));
  page.on('pageerror', (error) => messages.push(String(error)));
  return messages;
}

/** Asserts that `secret` is in no place the page could keep it. */
async function expectSecretGone(page: Page, secret: string) {
  const html = await page.content();
  expect(html.includes(secret), 'secret in the page HTML').toBe(false);
  const fieldsAndText = await page.evaluate(() => {
    const values = Array.from(document.querySelectorAll('input, textarea')).map(
      (element) => (element as HTMLInputElement).value,
    );
    return [...values, document.body.innerText].join('\n');
  });
  expect(fieldsAndText.includes(secret), 'secret in a field or the page text').toBe(false);
  const storage = await page.evaluate(() => {
    const dump = (store: Storage) =>
      Array.from({ length: store.length }, (_, index) => {
        const key = store.key(index) ?? '';
        return `${key}=${store.getItem(key)}`;
      }).join('\n');
    return dump(localStorage) + '\n' + dump(sessionStorage);
  });
  expect(storage.includes(secret), 'secret in local or session storage').toBe(false);
  const cookies = await page.context().cookies();
  expect(JSON.stringify(cookies).includes(secret), 'secret in a cookie').toBe(false);
  expect(page.url().includes(secret), 'secret in the URL').toBe(false);
}

test('create with services from the second picker page shows the secret once', async ({
  page,
  context,
  sandbox,
  workspace,
}) => {
  const messages = consoleMessages(page);
  await sandbox.seed(workspace.id, { integrations: 0, services: 25 });
  const secondPage = await servicePage(workspace, 20);
  expect(secondPage.length).toBeGreaterThanOrEqual(2);
  const picked = secondPage.slice(0, 2);
  const integrationId = await createIntegration(workspace, 'crm-create');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sandbox.url });
  await openDetail(page, sandbox, workspace.ownerKey, integrationId);

  await page.getByRole('button', { name: 'New credential' }).click();
  const form = page.getByRole('dialog', { name: 'New credential' });
  await form.getByLabel('Credential name').fill('CRM sync');
  await expect(form.getByRole('checkbox')).toHaveCount(20);
  // The picker also loads the next page on its own once its end scrolls
  // into view, which may remove the button before the click lands.
  await expect(async () => {
    if ((await form.getByRole('checkbox').count()) < 25) {
      await form.getByRole('button', { name: 'More services' }).click({ timeout: 1_000 });
    }
    await expect(form.getByRole('checkbox')).toHaveCount(25, { timeout: 1_000 });
  }).toPass();
  for (const service of picked) {
    await form.getByRole('checkbox', { name: service.name, exact: true }).check();
  }
  await expect(form.getByText('2 selected')).toBeVisible();
  await form.getByRole('group', { name: 'Expires' }).getByLabel('In 30 days').check();
  await form.getByRole('button', { name: 'Create credential' }).click();

  const dialog = secretDialog(page);
  await expect(dialog).toBeVisible();
  const clientId = await dialog.getByLabel('Client ID', { exact: true }).inputValue();
  const secret = await dialog.getByLabel('Client secret', { exact: true }).inputValue();
  expect(secret).toMatch(/^cs_/);
  expect(await verify(sandbox, clientId, secret)).toBe(true);

  // Neither Escape nor a click on the backdrop closes it.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await page.mouse.click(3, 3);
  await expect(dialog).toBeVisible();

  await dialog.getByRole('button', { name: 'Copy client secret' }).click();
  await expect(dialog.getByRole('button', { name: 'Copy client secret' })).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied === secret, 'clipboard holds the exact secret').toBe(true);
  await dialog.getByRole('button', { name: 'Copy client ID' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(clientId);

  const downloadPromise = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download .env' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(`${clientId}.env`);
  const envText = readFileSync(await download.path(), 'utf8');
  expect(envText === `CLIENT_ID='${clientId}'\nCLIENT_SECRET='${secret}'\n`, '.env content').toBe(
    true,
  );

  await dialog.getByRole('button', { name: 'I have stored this secret' }).click();
  await expect(dialog).toHaveCount(0);
  await expectSecretGone(page, secret);

  const row = rows(page).filter({ hasText: clientId });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('rowheader')).toHaveText('CRM sync');
  for (const service of picked) {
    await expect(row.getByRole('listitem').filter({ hasText: service.name })).toHaveCount(1);
  }
  await expect(row.getByTestId('credential-status')).toHaveText('Active');
  await expect(row.getByRole('button', { name: 'Copy client ID for CRM sync' })).toBeVisible();

  const listed = await workspace.api.get(`/external-integrations/${integrationId}/credentials`);
  expect(listed.json[0].service_ids.sort()).toEqual(picked.map((service) => service.id).sort());
  const expiresInDays = (Date.parse(listed.json[0].expires_at) - Date.now()) / 86_400_000;
  expect(expiresInDays).toBeGreaterThan(29.9);
  expect(expiresInDays).toBeLessThan(30.1);

  expect(sandbox.logs().includes(secret), 'secret in the sandbox log').toBe(false);
  expect(messages.join('\n').includes(secret), 'secret in the browser console').toBe(false);
});

test('create form checks services before sending', async ({ page, sandbox, workspace }) => {
  await sandbox.seed(workspace.id, { integrations: 0, services: 3 });
  const integrationId = await createIntegration(workspace, 'crm-checks');
  await openDetail(page, sandbox, workspace.ownerKey, integrationId);

  let posts = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/credentials')) posts += 1;
  });
  await page.getByRole('button', { name: 'New credential' }).click();
  const form = page.getByRole('dialog', { name: 'New credential' });
  await form.getByLabel('Credential name').fill('No services');
  await form.getByRole('button', { name: 'Create credential' }).click();

  await expect(form.getByText('Pick at least one service.')).toBeVisible();
  await expect(form.getByLabel('Credential name')).toHaveValue('No services');
  expect(posts).toBe(0);
});

test('rotate replaces the secret and the old one stops working', async ({
  page,
  sandbox,
  workspace,
}) => {
  const messages = consoleMessages(page);
  await sandbox.seed(workspace.id, { integrations: 0, services: 2 });
  const [service] = await servicePage(workspace, 0);
  const integrationId = await createIntegration(workspace, 'crm-rotate');
  const created = await createCredential(workspace, integrationId, {
    service_ids: [service.id],
    name: 'Billing',
  });
  const clientId = created.credential.client_id;
  await openDetail(page, sandbox, workspace.ownerKey, integrationId);

  const row = rows(page).filter({ hasText: clientId });
  await expect(row.getByTestId('credential-rotated')).toHaveText('—');
  await row.getByRole('button', { name: 'Rotate secret for Billing' }).click();
  const confirm = page.getByRole('dialog', { name: 'Rotate the secret of Billing?' });
  await expect(confirm.getByText('The current secret stops working at once.')).toBeVisible();
  await confirm.getByRole('button', { name: 'Rotate secret', exact: true }).click();

  const dialog = secretDialog(page);
  await expect(dialog).toBeVisible();
  const fresh = await dialog.getByLabel('Client secret', { exact: true }).inputValue();
  expect(fresh === created.client_secret, 'rotation changed the secret').toBe(false);
  expect(await verify(sandbox, clientId, created.client_secret)).toBe(false);
  expect(await verify(sandbox, clientId, fresh)).toBe(true);

  await dialog.getByRole('button', { name: 'I have stored this secret' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row.getByTestId('credential-rotated').locator('time')).toHaveCount(1);
  await expectSecretGone(page, fresh);
  expect(sandbox.logs().includes(fresh), 'new secret in the sandbox log').toBe(false);
  expect(messages.join('\n').includes(fresh), 'new secret in the browser console').toBe(false);
});

test('leaving with the secret dialog open asks first', async ({ page, sandbox, workspace }) => {
  await sandbox.seed(workspace.id, { integrations: 0, services: 1 });
  const [service] = await servicePage(workspace, 0);
  const integrationId = await createIntegration(workspace, 'crm-guard');
  await createCredential(workspace, integrationId, { service_ids: [service.id], name: 'Guarded' });
  await openDetail(page, sandbox, workspace.ownerKey, integrationId);

  await page.getByRole('button', { name: 'Rotate secret for Guarded' }).click();
  await page.getByRole('button', { name: 'Rotate secret', exact: true }).click();
  await expect(secretDialog(page)).toBeVisible();

  const asked: string[] = [];
  page.once('dialog', async (question) => {
    asked.push(question.message());
    await question.dismiss();
  });
  await page.goBack();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain('cannot be shown again');
  await expect(secretDialog(page)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/integrations/${integrationId}$`));

  const unloadPrompt = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const prompt = await unloadPrompt;
  expect(prompt.type()).toBe('beforeunload');
  await prompt.dismiss();
  await expect(secretDialog(page)).toBeVisible();
});

test('custom expiry converts local time to UTC', async ({ browser, sandbox, workspace }) => {
  // India has no daylight saving time, so the offset is +05:30 all year.
  const context = await browser.newContext({ timezoneId: 'Asia/Kolkata' });
  const page = await context.newPage();
  await sandbox.seed(workspace.id, { integrations: 0, services: 1 });
  const [service] = await servicePage(workspace, 0);
  const integrationId = await createIntegration(workspace, 'crm-custom-expiry');
  await openDetail(page, sandbox, workspace.ownerKey, integrationId);

  await page.getByRole('button', { name: 'New credential' }).click();
  const form = page.getByRole('dialog', { name: 'New credential' });
  await form.getByRole('checkbox', { name: service.name, exact: true }).check();
  await form.getByLabel('On a date and time').check();
  const custom = form.getByLabel('Expiry date and time (your time zone)');
  await custom.fill('2020-01-01T10:00');
  await form.getByRole('button', { name: 'Create credential' }).click();
  await expect(form.getByText('Pick a date and time in the future.')).toBeVisible();

  const year = new Date().getUTCFullYear() + 1;
  await custom.fill(`${year}-03-15T09:30`);
  await form.getByRole('button', { name: 'Create credential' }).click();
  await page.getByRole('button', { name: 'I have stored this secret' }).click();

  const listed = await workspace.api.get(`/external-integrations/${integrationId}/credentials`);
  expect(listed.json[0].expires_at).toBe(`${year}-03-15T04:00:00.000000Z`);
  await expect(rows(page).getByTestId('credential-expires')).toContainText('GMT+5:30');
  await context.close();
});

test('revoke turns the row Revoked and moves it below live ones', async ({
  page,
  sandbox,
  workspace,
}) => {
  await sandbox.seed(workspace.id, { integrations: 0, services: 1 });
  const [service] = await servicePage(workspace, 0);
  const integrationId = await createIntegration(workspace, 'crm-revoke');
  const first = await createCredential(workspace, integrationId, {
    service_ids: [service.id],
    name: 'Old key',
  });
  await createCredential(workspace, integrationId, { service_ids: [service.id], name: 'New key' });
  await openDetail(page, sandbox, workspace.ownerKey, integrationId);
  await expect(rows(page).first().getByRole('rowheader')).toHaveText('Old key');

  await page.getByRole('button', { name: 'Revoke Old key' }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke Old key?' });
  await expect(confirm).toContainText(first.credential.client_id);
  await confirm.getByRole('button', { name: 'Revoke credential' }).click();

  const revoked = rows(page).filter({ hasText: first.credential.client_id });
  await expect(revoked.getByTestId('credential-status')).toHaveText('Revoked');
  await expect(revoked.getByRole('button', { name: 'Revoke Old key' })).toBeDisabled();
  await expect(revoked.getByRole('button', { name: 'Rotate secret for Old key' })).toBeDisabled();
  await expect(rows(page).last().getByRole('rowheader')).toHaveText('Old key');
  expect(await verify(sandbox, first.credential.client_id, first.client_secret)).toBe(false);
});

test('a member key is told its role cannot revoke', async ({ page, sandbox, workspace }) => {
  await sandbox.seed(workspace.id, { integrations: 0, services: 1 });
  const [service] = await servicePage(workspace, 0);
  const integrationId = await createIntegration(workspace, 'crm-member');
  await createCredential(workspace, integrationId, { service_ids: [service.id], name: 'Kept' });
  const member = await sandbox.createKey({ workspace: workspace.id, role: 'member' });
  await openDetail(page, sandbox, member.api_key, integrationId);

  await page.getByRole('button', { name: 'Revoke Kept' }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke Kept?' });
  await confirm.getByRole('button', { name: 'Revoke credential' }).click();
  await expect(confirm.getByRole('alert')).toContainText(
    "Your API key's role cannot do this. Ask for an admin or owner key.",
  );
});

test('deleting the integration revokes every credential', async ({
  page,
  sandbox,
  workspace,
}) => {
  await sandbox.seed(workspace.id, { integrations: 0, services: 1 });
  const [service] = await servicePage(workspace, 0);
  const integrationId = await createIntegration(workspace, 'crm-delete');
  const secrets = [
    await createCredential(workspace, integrationId, { service_ids: [service.id], name: 'One' }),
    await createCredential(workspace, integrationId, { service_ids: [service.id], name: 'Two' }),
  ];
  await openDetail(page, sandbox, workspace.ownerKey, integrationId);
  await expect(rows(page)).toHaveCount(2);

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: /^Delete / });
  await expect(confirm.getByTestId('credentials-to-revoke')).toHaveText(
    'Its 2 active credentials will be revoked.',
  );
  await confirm.getByLabel('Type crm-delete to confirm').fill('crm-delete');
  await confirm.getByRole('button', { name: 'Delete integration' }).click();
  await expect(page).toHaveURL(/\/integrations$/);

  const listed = await workspace.api.get(`/external-integrations/${integrationId}/credentials`);
  expect(listed.json.map((credential: { is_active: boolean }) => credential.is_active)).toEqual([
    false,
    false,
  ]);
  for (const secret of secrets) {
    expect(await verify(sandbox, secret.credential.client_id, secret.client_secret)).toBe(false);
  }

  await page.goto(`${sandbox.url}/integrations/${integrationId}`);
  await expect(rows(page).getByTestId('credential-status')).toHaveText(['Revoked', 'Revoked']);
  await expect(page.getByRole('button', { name: 'New credential' })).toHaveCount(0);
});

test('a credential turns Expired without a reload', async ({ page, sandbox, workspace }) => {
  await sandbox.seed(workspace.id, { integrations: 0, services: 1 });
  const [service] = await servicePage(workspace, 0);
  const integrationId = await createIntegration(workspace, 'crm-expiry');
  const expiresAt = new Date(Date.now() + 6_000).toISOString();
  await createCredential(workspace, integrationId, {
    service_ids: [service.id],
    name: 'Short lived',
    expires_at: expiresAt,
  });
  await openDetail(page, sandbox, workspace.ownerKey, integrationId);

  const status = rows(page).getByTestId('credential-status');
  await expect(status).toHaveText('Expires soon');
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await expect(status).toHaveText('Expired', { timeout: 20_000 });
  const sameDocument = await page.evaluate(
    () => (window as unknown as { sameDocument?: boolean }).sameDocument === true,
  );
  expect(sameDocument, 'the page was not reloaded').toBe(true);
  await expect(rows(page).getByTestId('credential-expires').locator('time')).toContainText(/\S/);
});

test('a deactivated service is shown as inactive, not hidden', async ({
  page,
  sandbox,
  workspace,
}) => {
  await sandbox.seed(workspace.id, { integrations: 0, services: 3 });
  const services = await servicePage(workspace, 0);
  const [kept, retired] = services;
  const integrationId = await createIntegration(workspace, 'crm-inactive');
  await createCredential(workspace, integrationId, {
    service_ids: [kept.id, retired.id],
    name: 'Two services',
  });
  await sandbox.deactivateService(retired.id);
  await openDetail(page, sandbox, workspace.ownerKey, integrationId);

  const items = rows(page).getByRole('listitem');
  await expect(items).toHaveText([kept.name, `${retired.name} (Inactive service)`]);
});

test('secret dialog outlives an ended session', async ({ page, sandbox, workspace }) => {
  await sandbox.seed(workspace.id, { integrations: 0, services: 1 });
  const [service] = await servicePage(workspace, 0);
  const integrationId = await createIntegration(workspace, 'crm-ending');
  const admin = await sandbox.createKey({ workspace: workspace.id, role: 'admin', name: 'ending' });
  await openDetail(page, sandbox, admin.api_key, integrationId);

  // The key is revoked before the browser gets the create response, so the
  // page's next request, for the new credential's service names, gets a 401.
  await page.route('**/credentials', async (route) => {
    const response = await route.fetch();
    if (route.request().method() === 'POST') await sandbox.revokeKey(admin.key_id);
    await route.fulfill({ response });
  });
  await page.getByRole('button', { name: 'New credential' }).click();
  const form = page.getByRole('dialog', { name: 'New credential' });
  await form.getByLabel('Credential name').fill('Ending');
  await form.getByRole('checkbox', { name: service.name, exact: true }).check();
  const servicesDenied = page.waitForResponse(
    (response) => response.url().includes('/services') && response.status() === 401,
  );
  await form.getByRole('button', { name: 'Create credential' }).click();

  const dialog = secretDialog(page);
  await expect(dialog).toBeVisible();
  const secret = await dialog.getByLabel('Client secret', { exact: true }).inputValue();
  expect(secret).toMatch(/^cs_/);
  await servicesDenied;
  // The header drops the key once the session has ended; the secret stays.
  await expect(page.getByTestId('key-info')).toHaveCount(0);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Client secret', { exact: true })).toHaveValue(secret);

  await dialog.getByRole('button', { name: 'I have stored this secret' }).click();
  await expect(page.getByTestId('session-notice')).toContainText('invalid or expired');
  await expect(page.getByLabel('API key')).toBeVisible();
});
