// The console behind Debian's nginx with the example configuration in
// tests/nginx/nginx.conf.template: served under /admin/, with /v1/ proxied
// to the sandbox. Checks the headers docs/deploy.md promises, then signs in
// through nginx.
//
// Runs only when NGINX_DIST names a console built with `--public-url /admin/`
// and compressed by `cargo xtask dist`; `cargo xtask test nginx` sets it up.
// NGINX_BIN overrides /usr/sbin/nginx and NGINX_PREFIX the folder for the
// rendered configuration, pid file and temporary files.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Workspace } from '../fixtures';

const nginxDist = process.env.NGINX_DIST;
const nginxBin = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
const template = path.resolve(__dirname, '..', '..', 'nginx', 'nginx.conf.template');
/** Time nginx gets to answer its first request. */
const READY_TIMEOUT_MS = 10_000;
const IMMUTABLE = 'public, max-age=31536000, immutable';

const test = base.extend<{}, { nginx: string }>({
  nginx: [
    async ({ sandbox }, use) => {
      const prefix = process.env.NGINX_PREFIX ?? path.join(os.tmpdir(), 'nginx-console');
      const { child, url } = await startNginx(prefix, new URL(sandbox.url).host);
      await use(url);
      await stopNginx(child);
    },
    { scope: 'worker', timeout: 30_000 },
  ],
});

test.skip(!nginxDist, 'NGINX_DIST is not set; run `cargo xtask test nginx`');

test.describe.configure({ mode: 'serial' });

test('index.html is revalidated and carries the security headers', async ({ request, nginx }) => {
  const response = await request.get(nginx + '/admin/');

  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers['content-type']).toContain('text/html');
  expect(headers['cache-control']).toBe('no-cache');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  const csp = headers['content-security-policy'];
  expect(csp).toContain("frame-ancestors 'none'");
  for (const hash of scriptHashes(readIndexHtml())) {
    expect(csp).toContain(hash);
  }
  const html = await response.text();
  expect(html).toContain('<base href="/admin/"');
});

test('index.html links the module and wasm with integrity', async () => {
  const html = readIndexHtml();
  const links = html.match(/<link[^>]*>/g) ?? [];

  const js = links.filter((link) => /href="\/admin\/[^"]+\.js"/.test(link));
  const wasm = links.filter((link) => /href="\/admin\/[^"]+\.wasm"/.test(link));
  expect(js.length).toBeGreaterThan(0);
  expect(wasm.length).toBeGreaterThan(0);
  for (const link of [...js, ...wasm]) {
    expect(link).toMatch(/integrity="sha384-[A-Za-z0-9+/=]+"/);
  }
});

test('hashed assets are immutable and served pre-compressed', async ({ request, nginx }) => {
  const assets = assetPaths(readIndexHtml());
  expect(assets.some((asset) => asset.endsWith('.wasm'))).toBe(true);

  for (const asset of assets) {
    const brotli = await request.get(nginx + asset, { headers: { 'Accept-Encoding': 'br' } });
    expect(brotli.status(), asset).toBe(200);
    expect(brotli.headers()['content-encoding'], asset).toBe('br');
    expect(brotli.headers()['cache-control'], asset).toBe(IMMUTABLE);
    expect(brotli.headers()['content-type'], asset).toBe(contentType(asset));

    const gzip = await request.get(nginx + asset, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzip.headers()['content-encoding'], asset).toBe('gzip');

    const plain = await request.get(nginx + asset, {
      headers: { 'Accept-Encoding': 'identity' },
    });
    expect(plain.headers()['content-encoding'], asset).toBeUndefined();
    expect(plain.headers()['x-content-type-options'], asset).toBe('nosniff');
  }
});

test('config.json is revalidated and never compressed', async ({ request, nginx }) => {
  const response = await request.get(nginx + '/admin/config.json', {
    headers: { 'Accept-Encoding': 'br, gzip' },
  });

  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-cache');
  expect(response.headers()['content-encoding']).toBeUndefined();
  expect(await response.json()).toHaveProperty('api_base_url');
});

test('missing script is a plain 404, not index.html', async ({ request, nginx }) => {
  const response = await request.get(nginx + '/admin/integrations-console-0123456789abcdef.js');

  expect(response.status()).toBe(404);
  expect(response.headers()['content-type']).toContain('text/plain');
  expect(await response.text()).not.toContain('<html');
});

test('deep link returns index.html', async ({ request, nginx }) => {
  const response = await request.get(
    nginx + '/admin/integrations/00000000-0000-4000-8000-000000000000',
  );

  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/html');
  expect(response.headers()['cache-control']).toBe('no-cache');
  expect(await response.text()).toContain('<base href="/admin/"');
});

test('api paths reach the API, not the fallback', async ({ request, nginx }) => {
  const response = await request.get(nginx + '/v1/auth/me');

  expect(response.status()).toBe(401);
  expect(response.headers()['content-type']).toContain('json');
});

test('sign in, open an integration and reload its deep link', async ({
  page,
  nginx,
  workspace,
}) => {
  const integration = await createIntegration(workspace, 'Nginx Smoke');

  await page.goto(nginx + '/admin/');
  await page.getByLabel('API key').fill(workspace.ownerKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Integrations', exact: true })).toBeVisible();
  await expect(page).toHaveURL(nginx + '/admin/integrations');

  const hrefs = await page
    .locator('a[href]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  for (const href of hrefs.filter((href) => href.startsWith('/'))) {
    expect(href).toMatch(/^\/admin\//);
  }

  await page.getByRole('link', { name: 'Nginx Smoke' }).click();
  await expect(page.getByRole('heading', { name: 'Nginx Smoke' })).toBeVisible();
  await expect(page).toHaveURL(nginx + `/admin/integrations/${integration.id}`);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Nginx Smoke' })).toBeVisible();
});

async function createIntegration(workspace: Workspace, displayName: string) {
  const response = await workspace.api.post('/external-integrations', {
    name: displayName.toLowerCase().replace(/\s+/g, '-'),
    display_name: displayName,
  });
  expect(response.status).toBe(201);
  return response.json as { id: string };
}

function readIndexHtml(): string {
  return readFileSync(path.join(nginxDist!, 'index.html'), 'utf8');
}

/** The CSP sources of the inline scripts of `html`, as browsers hash them. */
function scriptHashes(html: string): string[] {
  const inline = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;
  return [...html.matchAll(inline)].map(
    (match) => `'sha256-${createHash('sha256').update(match[1], 'utf8').digest('base64')}'`,
  );
}

/** The JS, wasm and CSS paths that `html` links. */
function assetPaths(html: string): string[] {
  const paths = [...html.matchAll(/href="(\/admin\/[^"]+\.(?:js|wasm|css))"/g)].map(
    (match) => match[1],
  );
  return [...new Set(paths)];
}

function contentType(asset: string): string {
  if (asset.endsWith('.wasm')) return 'application/wasm';
  if (asset.endsWith('.js')) return 'application/javascript';
  return 'text/css';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Renders the template into `prefix`, starts nginx in the foreground and
 * resolves once `/admin/` answers.
 */
async function startNginx(prefix: string, api: string): Promise<{ child: ChildProcess; url: string }> {
  rmSync(prefix, { recursive: true, force: true });
  const root = path.join(prefix, 'www');
  mkdirSync(root, { recursive: true });
  symlinkSync(path.resolve(nginxDist!), path.join(root, 'admin'));

  const port = await freePort();
  const config = readFileSync(template, 'utf8')
    .replaceAll('@PREFIX@', prefix)
    .replaceAll('@PORT@', String(port))
    .replaceAll('@ROOT@', root)
    .replaceAll('@API@', api)
    .replaceAll('@SCRIPT_HASHES@', scriptHashes(readIndexHtml()).join(' '));
  const configPath = path.join(prefix, 'nginx.conf');
  writeFileSync(configPath, config);

  let output = '';
  const child = spawn(nginxBin, ['-p', prefix, '-c', configPath, '-e', 'stderr', '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.on('error', (error) => (output += `could not start ${nginxBin}: ${error.message}\n`));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      break;
    }
    try {
      const response = await fetch(url + '/admin/');
      if (response.ok) {
        return { child, url };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`nginx did not answer on ${url}/admin/ within ${READY_TIMEOUT_MS} ms:\n${output}`);
}

/** Sends SIGQUIT (graceful stop) and SIGKILL after 5 s. */
async function stopNginx(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGQUIT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
