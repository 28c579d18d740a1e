// Screenshots for the docs: the list, the detail page and the secret dialog,
// in the light and the dark theme, at 1280x800 in headless Chromium.
//
// With UPDATE_SCREENSHOTS=1 the tests write docs/screenshots/*.png;
// otherwise they only check that each page renders. The data is the same
// on every run, except ids, dates and the secret, which the sandbox makes.

import type { Page } from '@playwright/test';
import path from 'node:path';
import { test, expect, signIn, type Sandbox, type Workspace } from '../fixtures';

const update = process.env.UPDATE_SCREENSHOTS === '1';
const folder = path.resolve(__dirname, '..', '..', '..', 'docs', 'screenshots');

const INTEGRATIONS = [
  ['billing-sync', 'Billing sync', 'Pushes invoices to the accounting system every hour.'],
  ['crm-export', 'CRM export', 'Exports new customers to the CRM.'],
  ['warehouse-feed', 'Warehouse feed', 'Sends stock levels to the warehouse partner.'],
  ['support-desk', 'Support desk', 'Reads orders for the support team.'],
  ['payroll', 'Payroll', null],
  ['marketing-audiences', 'Marketing audiences', 'Builds audiences from order history.'],
] as const;

test.use({ viewport: { width: 1280, height: 800 } });

async function seed(sandbox: Sandbox, workspace: Workspace) {
  await sandbox.seed(workspace.id, { integrations: 0, services: 4 });
  const ids: string[] = [];
  for (const [name, displayName, description] of INTEGRATIONS) {
    const response = await workspace.api.post('/external-integrations', {
      name,
      display_name: displayName,
      description,
    });
    expect(response.status).toBe(201);
    ids.push(response.json.id);
  }

  const services = await workspace.api.get('/services?sort_by=name&is_active=true&limit=20');
  expect(services.status).toBe(200);
  const serviceIds: string[] = services.json.items.map((item: { id: string }) => item.id);
  for (const [name, count] of [
    ['Ledger', 2],
    ['Reporting', 1],
  ] as const) {
    const response = await workspace.api.post(`/external-integrations/${ids[0]}/credentials`, {
      name,
      service_ids: serviceIds.slice(0, count),
    });
    expect(response.status).toBe(201);
  }
  return { detailId: ids[0], serviceIds };
}

async function capture(page: Page, name: string) {
  if (!update) {
    return;
  }
  await page.screenshot({
    path: path.join(folder, `${name}.png`),
    animations: 'disabled',
    caret: 'hide',
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`list, detail and secret dialog in the ${colorScheme} theme`, async ({
    page,
    sandbox,
    workspace,
  }) => {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    const { detailId } = await seed(sandbox, workspace);

    await signIn(page, sandbox, workspace.ownerKey);
    await expect(page.getByTestId('integration-row')).toHaveCount(INTEGRATIONS.length);
    await capture(page, `list-${colorScheme}`);

    await page.goto(`${sandbox.url}/integrations/${detailId}`);
    await expect(page.getByRole('heading', { name: 'Billing sync' })).toBeVisible();
    await expect(page.getByTestId('credential-row')).toHaveCount(2);
    await capture(page, `detail-${colorScheme}`);

    await page.getByRole('button', { name: 'Rotate secret for Reporting' }).click();
    await page
      .getByRole('dialog', { name: 'Rotate the secret of Reporting?' })
      .getByRole('button', { name: 'Rotate secret', exact: true })
      .click();
    await expect(page.getByRole('dialog', { name: 'Store the client secret' })).toBeVisible();
    await capture(page, `secret-dialog-${colorScheme}`);
  });
}
