// axe-core on every page and dialog of the console, in the light and the
// dark theme. A test fails on any violation that axe rates serious or
// critical; moderate and minor ones are left to review.

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, signIn, type Sandbox, type Workspace } from '../fixtures';

/** Runs axe on the whole page and fails on serious or critical violations. */
async function expectAccessible(page: Page, pageName: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
    }));
  expect(serious, `serious or critical axe violations on ${pageName}`).toEqual([]);
}

async function createIntegration(workspace: Workspace, name: string): Promise<string> {
  const response = await workspace.api.post('/external-integrations', {
    name,
    display_name: `Integration ${name}`,
    description: 'Synchronises orders every hour.',
  });
  expect(response.status).toBe(201);
  return response.json.id;
}

/** Seeds three services and returns their ids and names, first by name. */
async function services(sandbox: Sandbox, workspace: Workspace) {
  await sandbox.seed(workspace.id, { integrations: 0, services: 3 });
  const response = await workspace.api.get('/services?sort_by=name&is_active=true&limit=20');
  expect(response.status).toBe(200);
  return response.json.items as { id: string; name: string }[];
}

/** Creates an integration with one credential and opens its detail page. */
async function openDetailWithCredential(page: Page, sandbox: Sandbox, workspace: Workspace) {
  const [service] = await services(sandbox, workspace);
  const integrationId = await createIntegration(workspace, 'a11y-detail');
  const created = await workspace.api.post(`/external-integrations/${integrationId}/credentials`, {
    service_ids: [service.id],
    name: 'Billing',
  });
  expect(created.status).toBe(201);

  await signIn(page, sandbox, workspace.ownerKey);
  await page.goto(`${sandbox.url}/integrations/${integrationId}`);
  await expect(page.getByRole('heading', { name: 'Credentials' })).toBeVisible();
  await expect(page.getByTestId('credential-row')).toHaveCount(1);
  return service;
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('sign-in page', async ({ page, sandbox }) => {
      await page.goto(sandbox.url + '/');
      await expect(page.getByLabel('API key')).toBeVisible();

      await expectAccessible(page, 'the sign-in page');
    });

    test('empty list', async ({ page, sandbox, workspace }) => {
      await signIn(page, sandbox, workspace.ownerKey);
      await expect(page.getByTestId('integration-row')).toHaveCount(0);

      await expectAccessible(page, 'the empty list');
    });

    test('list with integrations', async ({ page, sandbox, workspace }) => {
      for (const name of ['billing-sync', 'crm-export', 'warehouse']) {
        await createIntegration(workspace, name);
      }
      await signIn(page, sandbox, workspace.ownerKey);
      await expect(page.getByTestId('integration-row')).toHaveCount(3);
      await expect(page.getByRole('table', { name: 'Integrations' })).toBeVisible();
      await expect(page.getByRole('columnheader', { name: /^Created/ })).toHaveAttribute(
        'aria-sort',
        'descending',
      );

      await expectAccessible(page, 'the list');
    });

    test('new integration form with errors', async ({ page, sandbox, workspace }) => {
      await signIn(page, sandbox, workspace.ownerKey);
      await page.getByRole('link', { name: 'New integration' }).click();
      const name = page.getByLabel('Name', { exact: true });
      await name.fill('Bad Name');
      await expect(name).toHaveAttribute('aria-invalid', 'true');

      await expectAccessible(page, 'the new integration form with errors');
    });

    test('detail page and its dialogs', async ({ page, sandbox, workspace }) => {
      const service = await openDetailWithCredential(page, sandbox, workspace);
      await expectAccessible(page, 'the detail page');

      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const deleteDialog = page.getByRole('dialog', { name: /^Delete / });
      await expect(deleteDialog).toBeVisible();
      await expectAccessible(page, 'the delete dialog');
      await page.keyboard.press('Escape');
      await expect(deleteDialog).toBeHidden();
      await expect(page.getByRole('button', { name: 'Delete', exact: true })).toBeFocused();

      await page.getByRole('button', { name: 'Rotate secret for Billing' }).click();
      const rotate = page.getByRole('dialog', { name: 'Rotate the secret of Billing?' });
      await expect(rotate).toBeVisible();
      await expectAccessible(page, 'the rotate confirmation');
      await page.keyboard.press('Escape');
      await expect(rotate).toBeHidden();
      await expect(page.getByRole('button', { name: 'Rotate secret for Billing' })).toBeFocused();

      await page.getByRole('button', { name: 'Revoke Billing' }).click();
      const revoke = page.getByRole('dialog', { name: 'Revoke Billing?' });
      await expect(revoke).toBeVisible();
      await expectAccessible(page, 'the revoke confirmation');
      await page.keyboard.press('Escape');
      await expect(revoke).toBeHidden();
      await expect(page.getByRole('button', { name: 'Revoke Billing' })).toBeFocused();

      await page.getByRole('button', { name: 'New credential' }).click();
      const form = page.getByRole('dialog', { name: 'New credential' });
      await expect(form.getByRole('checkbox').first()).toBeVisible();
      await expectAccessible(page, 'the new credential dialog');

      await form.getByLabel('Credential name').fill('Reporting');
      await form.getByRole('checkbox', { name: service.name, exact: true }).check();
      await form.getByRole('button', { name: 'Create credential' }).click();
      const secret = page.getByRole('dialog', { name: 'Store the client secret' });
      await expect(secret).toBeVisible();
      await expectAccessible(page, 'the secret dialog');
    });
  });
}
