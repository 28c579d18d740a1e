// Playwright fixtures that run the real platform-sandbox.
//
// - `sandbox` (one per worker): a platform-sandbox serving the release console
//   build on a fresh SQLite database in a temporary folder, with helpers that
//   call its CLI (`api-key create`, `api-key revoke`, `seed`,
//   `service deactivate`) on that database.
// - `workspace` (one per test): a fresh workspace with an owner key and an
//   `api` client for `/v1/{workspace_id}` that sends that key.
//
// SANDBOX_BIN overrides the binary (default target/release/platform-sandbox)
// and CONSOLE_DIST the console folder (default dist/). SANDBOX_FAULTS adds
// fault flags to `serve`, split on whitespace, for example
// "--latency-ms 50..400 --fail-rate 0.1 --rate-limit 20". API keys are
// returned to tests but never printed: keep it that way in specs too.

import { test as base, expect, type Page } from '@playwright/test';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const repoRoot = path.resolve(__dirname, '..', '..');
const sandboxBin =
  process.env.SANDBOX_BIN ?? path.join(repoRoot, 'target', 'release', 'platform-sandbox');
const consoleDist = process.env.CONSOLE_DIST ?? path.join(repoRoot, 'dist');
/** Extra `serve` flags that turn on fault injection; none by default. */
export const sandboxFaults = (process.env.SANDBOX_FAULTS ?? '').split(/\s+/).filter(Boolean);

/** Time the sandbox gets to print its listening line. */
const READY_TIMEOUT_MS = 30_000;
/** Time one CLI call (`api-key create`, `seed`, ...) gets. */
const CLI_TIMEOUT_MS = 30_000;
/** Time the sandbox gets to exit after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 5_000;
const LISTENING = /^platform-sandbox listening on (http:\/\/\S+)$/;
/** Attempts of one `api.*` call under injected faults, the first included. */
const API_ATTEMPTS = 10;

export type Role = 'owner' | 'admin' | 'member';

/** The JSON object that `platform-sandbox api-key create` prints. */
export interface CreatedKey {
  workspace_id: string;
  key_id: string;
  api_key: string;
  role: Role;
  expires_at: string;
}

export interface CreateKeyOptions {
  /** Workspace to add the key to; a new workspace when omitted. */
  workspace?: string;
  role?: Role;
  name?: string;
  /** Days until the key expires. */
  days?: number;
}

export interface SeedOptions {
  integrations?: number;
  services?: number;
}

export interface Sandbox {
  /** Base URL without a trailing slash, e.g. "http://127.0.0.1:41234". */
  url: string;
  createKey(opts?: CreateKeyOptions): Promise<CreatedKey>;
  revokeKey(keyId: string): Promise<void>;
  seed(workspaceId: string, opts: SeedOptions): Promise<void>;
  /** Marks a service inactive (`platform-sandbox service deactivate`). */
  deactivateService(serviceId: string): Promise<void>;
  /** Captured stdout and stderr of the server so far. */
  logs(): string;
}

export interface ApiResponse {
  status: number;
  /** Parsed JSON body, or null when the body is empty or not JSON. */
  json: any;
}

/** Calls `/v1/{workspace_id}` + path with the workspace's owner key. */
export interface WorkspaceApi {
  get(path: string): Promise<ApiResponse>;
  post(path: string, body?: unknown): Promise<ApiResponse>;
  patch(path: string, body?: unknown): Promise<ApiResponse>;
  delete(path: string, body?: unknown): Promise<ApiResponse>;
}

export interface Workspace {
  id: string;
  ownerKey: string;
  api: WorkspaceApi;
}

type WorkerFixtures = { sandbox: Sandbox };
type TestFixtures = { workspace: Workspace; sandboxLogsOnFailure: void };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  sandbox: [
    async ({}, use) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'platform-sandbox-'));
      const database = path.join(dir, 'sandbox.db');
      const server = await startSandbox(database);

      await use(server.sandbox);

      await stopSandbox(server.child);
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: READY_TIMEOUT_MS + STOP_TIMEOUT_MS + 10_000 },
  ],

  workspace: async ({ sandbox }, use) => {
    const key = await sandbox.createKey({ role: 'owner', name: 'e2e owner' });
    await use({
      id: key.workspace_id,
      ownerKey: key.api_key,
      api: workspaceApi(sandbox.url, key.workspace_id, key.api_key),
    });
  },

  // Attaches the server log to every failed test, so a failure report shows
  // what the sandbox did during the test.
  sandboxLogsOnFailure: [
    async ({ sandbox }, use, testInfo) => {
      await use();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('sandbox-logs', {
          body: sandbox.logs(),
          contentType: 'text/plain',
        });
      }
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Opens the console, signs in with `apiKey` and waits for the
 * "Integrations" heading.
 */
export async function signIn(page: Page, sandbox: Sandbox, apiKey: string): Promise<void> {
  await page.goto(sandbox.url + '/');
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Integrations', exact: true })).toBeVisible();
}

interface RunningSandbox {
  child: ChildProcess;
  sandbox: Sandbox;
}

/** Starts `platform-sandbox serve` and resolves once it prints its address. */
function startSandbox(database: string): Promise<RunningSandbox> {
  const child = spawn(
    sandboxBin,
    [
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--database',
      database,
      '--console-dir',
      consoleDist,
      ...sandboxFaults,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });

  return new Promise((resolve, reject) => {
    let stdoutLine = '';
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`platform-sandbox ${reason}. Its output:\n${output}`));
    };
    const timer = setTimeout(
      () => fail(`did not print its listening line within ${READY_TIMEOUT_MS} ms`),
      READY_TIMEOUT_MS,
    );

    child.on('error', (error) => fail(`could not start ${sandboxBin}: ${error.message}`));
    child.on('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));

    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      stdoutLine += chunk;
      for (const line of stdoutLine.split('\n').slice(0, -1)) {
        const match = LISTENING.exec(line.trim());
        if (match) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          child.removeAllListeners('error');
          // An 'error' event without a listener would crash the worker;
          // a failed kill at teardown is the only one expected here.
          child.on('error', () => {});
          resolve({ child, sandbox: sandboxClient(match[1], database, () => output) });
        }
      }
      stdoutLine = stdoutLine.slice(stdoutLine.lastIndexOf('\n') + 1);
    });
  });
}

/** Sends SIGTERM, and SIGKILL if the server has not exited in time. */
async function stopSandbox(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function sandboxClient(url: string, database: string, logs: () => string): Sandbox {
  return {
    url,
    logs,

    async createKey(opts: CreateKeyOptions = {}) {
      const args = ['api-key', 'create', '--database', database];
      if (opts.workspace !== undefined) args.push('--workspace', opts.workspace);
      if (opts.role !== undefined) args.push('--role', opts.role);
      if (opts.name !== undefined) args.push('--name', opts.name);
      if (opts.days !== undefined) args.push('--days', String(opts.days));
      const stdout = await runCli(args);
      return JSON.parse(stdout) as CreatedKey;
    },

    async revokeKey(keyId: string) {
      await runCli(['api-key', 'revoke', '--database', database, '--key-id', keyId]);
    },

    async seed(workspaceId: string, opts: SeedOptions) {
      const args = ['seed', '--database', database, '--workspace', workspaceId];
      if (opts.integrations !== undefined) args.push('--integrations', String(opts.integrations));
      if (opts.services !== undefined) args.push('--services', String(opts.services));
      await runCli(args);
    },

    async deactivateService(serviceId: string) {
      await runCli(['service', 'deactivate', '--database', database, '--service-id', serviceId]);
    },
  };
}

/**
 * Runs one sandbox CLI command and returns its stdout. A failure reports
 * the command and its stderr, never its stdout, which may contain a key.
 */
async function runCli(args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(sandboxBin, args, { timeout: CLI_TIMEOUT_MS });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`platform-sandbox ${args.slice(0, 2).join(' ')} failed:\n${stderr}`);
  }
}

/**
 * Whether a response is a fault the sandbox injected before the handler ran:
 * 429, 503, or a 500 whose detail names the injected failure. Such a request
 * changed nothing, so sending it again cannot duplicate a write.
 */
function isInjectedFault(response: ApiResponse): boolean {
  if (response.status === 429 || response.status === 503) return true;
  const detail = response.json?.detail;
  return response.status === 500 && typeof detail === 'string' && detail.includes('injected');
}

function workspaceApi(baseUrl: string, workspaceId: string, apiKey: string): WorkspaceApi {
  // Retries injected faults and cut connections (--drop-rate), so test setup
  // and checks do not fail under SANDBOX_FAULTS. Both happen before the
  // handler runs, which makes even a POST safe to repeat here.
  const call = async (method: string, path: string, body?: unknown): Promise<ApiResponse> => {
    for (let attempt = 1; ; attempt++) {
      let response: ApiResponse | undefined;
      try {
        response = await callOnce(method, path, body);
      } catch (error) {
        if (attempt >= API_ATTEMPTS) throw error;
      }
      if (response !== undefined && (!isInjectedFault(response) || attempt >= API_ATTEMPTS)) {
        return response;
      }
      const waitMs = response?.status === 429 ? 1_000 : 100 * attempt;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  };

  const callOnce = async (method: string, path: string, body?: unknown): Promise<ApiResponse> => {
    const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${baseUrl}/v1/${workspaceId}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, json };
  };

  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    patch: (path, body) => call('PATCH', path, body),
    delete: (path, body) => call('DELETE', path, body),
  };
}
