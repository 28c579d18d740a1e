import { test, expect, signIn } from '../fixtures';

test('console shows the sign-in form', async ({ page, sandbox }) => {
  await page.goto(sandbox.url + '/');

  await expect(page.getByLabel('API key')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('owner signs in and sees integrations', async ({ page, sandbox, workspace }) => {
  await signIn(page, sandbox, workspace.ownerKey);

  await expect(page.getByRole('heading', { name: 'Integrations', exact: true })).toBeVisible();
});

test('healthz returns 200', async ({ request, sandbox }) => {
  const response = await request.get(sandbox.url + '/healthz');

  expect(response.status()).toBe(200);
});

test('api reaches the workspace with the owner key', async ({ workspace }) => {
  const response = await workspace.api.get('/external-integrations');

  expect(response.status).toBe(200);
});
