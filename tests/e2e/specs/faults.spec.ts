// The console's write flows and the scrolled list, written to pass both
// against a healthy sandbox and against one started with SANDBOX_FAULTS
// (`cargo xtask test e2e-faults` runs the tests tagged @faults that way).
//
// The console retries only reads on its own and never repeats a write that
// may have been applied. So when a write fails, each test does what a user
// does: it reads the error and presses the button again. After each flow the
// API must show exactly one new record, which proves that no failed attempt
// was applied and that no retry created a duplicate.

import type { Locator, Page } from '@playwright/test';
import { test, expect, signIn, type Sandbox, type Workspace } from '../fixtures';

/** Presses of one button before a flow gives up. */
const MAX_PRESSES = 8;
/** Time one press gets to end in success or in a shown error. */
const PRESS_TIMEOUT_MS = 20_000;

/** Errors a failed attempt shows: injected 500 or 503, or a 429. */
const RETRYABLE_ERROR = /HTTP 50[03]|Too many requests|Could not reach the server|took too long/;

interface Secret {
  credential: { id: string; client_id: string; name: string | null };
  client_secret: string;
}

/**
 * Clicks `button` until `done` is visible, clicking again only after the
 * page shows a retryable error. Fails on any other outcome.
 */
async function pressUntil(page: Page, button: Locator, done: Locator): Promise<number> {
  const error = page.getByText(RETRYABLE_ERROR).first();
  for (let press = 1; press <= MAX_PRESSES; press++) {
    await expect(button).toBeEnabled({ timeout: PRESS_TIMEOUT_MS });
    await button.click();
    // The error of the previous press may still show while this one is in
    // flight, so an error counts only once the button is usable again.
    await expect
      .poll(
        async () =>
          (await done.isVisible()) ||
          ((await error.isVisible()) && (await button.isEnabled().catch(() => false))),
        { timeout: PRESS_TIMEOUT_MS },
      )
      .toBe(true);
    if (await done.isVisible()) {
      return press;
    }
  }
  throw new Error(`the flow still failed after ${MAX_PRESSES} presses`);
}

async function createIntegration(workspace: Workspace, name: string): Promise<string> {
  const response = await workspace.api.post('/external-integrations', {
    name,
    display_name: `Integration ${name}`,
  });
  expect(response.status).toBe(201);
  return response.json.id;
}

async function firstServiceId(workspace: Workspace): Promise<string> {
  const response = await workspace.api.get('/services?sort_by=name&is_active=true&limit=1');
  expect(response.status).toBe(200);
  return response.json.items[0].id;
}

async function createCredential(
  workspace: Workspace,
  integrationId: string,
  serviceId: string,
  name: string,
): Promise<Secret> {
  const response = await workspace.api.post(
    `/external-integrations/${integrationId}/credentials`,
    { service_ids: [serviceId], name },
  );
  expect(response.status).toBe(201);
  return response.json;
}

async function listCredentials(
  workspace: Workspace,
  integrationId: string,
): Promise<{ id: string; client_id: string; is_active: boolean }[]> {
  const response = await workspace.api.get(`/external-integrations/${integrationId}/credentials`);
  expect(response.status).toBe(200);
  return response.json;
}

async function integrationTotal(workspace: Workspace): Promise<number> {
  const response = await workspace.api.get('/external-integrations?limit=1');
  expect(response.status).toBe(200);
  return response.json.total;
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
  await expect(page.getByRole('heading', { name: 'Credentials' })).toBeVisible({
    timeout: PRESS_TIMEOUT_MS,
  });
}

test('create integration makes exactly one @faults', async ({ page, sandbox, workspace }) => {
  await signIn(page, sandbox, workspace.ownerKey);
  await page.getByRole('link', { name: 'New integration' }).click();
  await page.getByLabel('Display name').fill('Fault Proof');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('fault-proof');

  await pressUntil(
    page,
    page.getByRole('button', { name: 'Create integration' }),
    page.getByRole('heading', { name: 'Fault Proof' }),
  );

  const list = await workspace.api.get('/external-integrations?search=fault-proof');
  expect(list.json.total).toBe(1);
  expect(await integrationTotal(workspace)).toBe(1);
});

test('edit integration saves once @faults', async ({ page, sandbox, workspace }) => {
  const id = await createIntegration(workspace, 'edit-me');
  await openDetail(page, sandbox, workspace.ownerKey, id);

  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Display name').fill('Edited Under Faults');
  await pressUntil(
    page,
    page.getByRole('button', { name: 'Save changes' }),
    page.getByText('Changes saved.'),
  );

  const stored = await workspace.api.get(`/external-integrations/${id}`);
  expect(stored.json.display_name).toBe('Edited Under Faults');
  expect(await integrationTotal(workspace)).toBe(1);
});

test('create credential makes exactly one @faults', async ({ page, sandbox, workspace }) => {
  await sandbox.seed(workspace.id, { integrations: 0, services: 1 });
  const id = await createIntegration(workspace, 'cred-create');
  await openDetail(page, sandbox, workspace.ownerKey, id);

  await page.getByRole('button', { name: 'New credential' }).click();
  const form = page.getByRole('dialog', { name: 'New credential' });
  await form.getByLabel('Credential name').fill('Under faults');
  await form.getByRole('checkbox').first().check();
  const secretDialog = page.getByRole('dialog', { name: 'Store the client secret' });
  await pressUntil(page, form.getByRole('button', { name: 'Create credential' }), secretDialog);

  const clientId = await secretDialog.getByLabel('Client ID', { exact: true }).inputValue();
  const secret = await secretDialog.getByLabel('Client secret', { exact: true }).inputValue();
  expect(await verify(sandbox, clientId, secret)).toBe(true);
  const credentials = await listCredentials(workspace, id);
  expect(credentials.map((credential) => credential.client_id)).toEqual([clientId]);
});

test('rotate leaves one valid secret @faults', async ({ page, sandbox, workspace }) => {
  await sandbox.seed(workspace.id, { integrations: 0, services: 1 });
  const id = await createIntegration(workspace, 'cred-rotate');
  const created = await createCredential(workspace, id, await firstServiceId(workspace), 'Billing');
  const clientId = created.credential.client_id;
  await openDetail(page, sandbox, workspace.ownerKey, id);

  await page.getByRole('button', { name: 'Rotate secret for Billing' }).click();
  const confirm = page.getByRole('dialog', { name: 'Rotate the secret of Billing?' });
  const secretDialog = page.getByRole('dialog', { name: 'Store the client secret' });
  await pressUntil(
    page,
    confirm.getByRole('button', { name: 'Rotate secret', exact: true }),
    secretDialog,
  );

  const fresh = await secretDialog.getByLabel('Client secret', { exact: true }).inputValue();
  expect(await verify(sandbox, clientId, created.client_secret)).toBe(false);
  expect(await verify(sandbox, clientId, fresh)).toBe(true);
  expect(await listCredentials(workspace, id)).toHaveLength(1);
});

test('revoke applies once @faults', async ({ page, sandbox, workspace }) => {
  await sandbox.seed(workspace.id, { integrations: 0, services: 1 });
  const id = await createIntegration(workspace, 'cred-revoke');
  const created = await createCredential(workspace, id, await firstServiceId(workspace), 'Old key');
  await openDetail(page, sandbox, workspace.ownerKey, id);

  await page.getByRole('button', { name: 'Revoke Old key' }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke Old key?' });
  await pressUntil(
    page,
    confirm.getByRole('button', { name: 'Revoke credential' }),
    page.getByTestId('credential-status').filter({ hasText: 'Revoked' }),
  );

  const credentials = await listCredentials(workspace, id);
  expect(credentials.map((credential) => credential.is_active)).toEqual([false]);
  expect(await verify(sandbox, created.credential.client_id, created.client_secret)).toBe(false);
});

test('delete integration revokes its credentials @faults', async ({
  page,
  sandbox,
  workspace,
}) => {
  await sandbox.seed(workspace.id, { integrations: 0, services: 1 });
  const id = await createIntegration(workspace, 'doomed');
  const keep = await createIntegration(workspace, 'survivor');
  const created = await createCredential(workspace, id, await firstServiceId(workspace), 'One');
  await openDetail(page, sandbox, workspace.ownerKey, id);

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: /^Delete / });
  await confirm.getByLabel('Type doomed to confirm').fill('doomed');
  await pressUntil(
    page,
    confirm.getByRole('button', { name: 'Delete integration' }),
    page.getByRole('heading', { name: 'Integrations', exact: true }),
  );

  const gone = await workspace.api.get(`/external-integrations/${id}`);
  expect(gone.json.is_active).toBe(false);
  expect((await listCredentials(workspace, id)).map((c) => c.is_active)).toEqual([false]);
  expect(await verify(sandbox, created.credential.client_id, created.client_secret)).toBe(false);
  const survivor = await workspace.api.get(`/external-integrations/${keep}`);
  expect(survivor.json.is_active).toBe(true);
});

test('scrolling shows each of 120 integrations once @faults', async ({
  page,
  sandbox,
  workspace,
}) => {
  await sandbox.seed(workspace.id, { integrations: 120 });
  await signIn(page, sandbox, workspace.ownerKey);
  await expect(page.getByTestId('integration-count')).toHaveText('120 integrations', {
    timeout: PRESS_TIMEOUT_MS,
  });

  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        const ids = await page
          .getByTestId('integration-row')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''));
        expect(new Set(ids).size).toBe(ids.length);
        ids.forEach((id) => seen.add(id));
        // A list page that failed three times offers Retry, which a user would press.
        const retry = page.getByRole('button', { name: 'Retry' });
        if (await retry.isVisible()) {
          await retry.click();
        }
        await page.evaluate(() => window.scrollBy(0, window.innerHeight));
        return seen.size;
      },
      { timeout: 45_000 },
    )
    .toBe(120);
});
