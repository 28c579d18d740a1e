// Browser benchmarks of the console, run by `cargo xtask bench` against a
// platform-sandbox it started on 127.0.0.1 with seeded workspaces.
//
// Prints one `RESULT <name> <value>` line per figure on stdout; the xtask
// collects them into docs/benchmarks.md. Everything else goes to stderr.
//
// Environment (all set by the xtask):
//   BENCH_URL           sandbox base URL, serving the console from BENCH_CONSOLE_DIR
//   BENCH_CONSOLE_DIR   the console folder; the static floor page is written there
//   BENCH_SMALL_KEY     owner key of a workspace with at least 50 integrations
//   BENCH_SMALL_WS      that workspace's id
//   BENCH_LARGE_KEY     owner key of a workspace with 10,000 integrations
//   BENCH_LARGE_TOTAL   how many integrations that workspace has
//   BENCH_LOADS         loads of each page for time to first rows (default 11)

import { createRequire } from 'node:module';
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
// Playwright comes from the end-to-end harness, which pins its version.
const require = createRequire(path.join(benchDir, '..', 'e2e', 'package.json'));
const { chromium } = require('playwright-core');

// What a signed-in tab keeps in sessionStorage: the key, and the key's
// `auth/me` response, with which a reload shows pages before the key is checked.
const SESSION_STORAGE_KEY = 'integrations-console.api-key';
const SESSION_STORAGE_KEY_INFO = 'integrations-console.key-info';
const ROWS = 50;
const STATIC_PAGE = 'bench-static-rows.html';
/** Upper bound of one browser step (a load, a scroll to the end). */
const STEP_TIMEOUT_MS = 120_000;

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is missing`);
  return value;
};

const baseUrl = env('BENCH_URL');
const consoleDir = env('BENCH_CONSOLE_DIR');
const smallKey = env('BENCH_SMALL_KEY');
const smallWorkspace = env('BENCH_SMALL_WS');
const largeKey = env('BENCH_LARGE_KEY');
const largeTotal = Number(env('BENCH_LARGE_TOTAL'));
const loads = Number(process.env.BENCH_LOADS ?? '11');

function result(name, value) {
  console.log(`RESULT ${name} ${typeof value === 'number' ? value.toFixed(2) : value}`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const escapeHtml = (text) =>
  String(text ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/**
 * Writes the floor page: the first 50 rows of the small workspace as plain
 * HTML, with the console's stylesheets and the same row markup, so the
 * browser does everything the console's first screen needs except run it.
 */
async function writeStaticPage() {
  const response = await fetch(
    `${baseUrl}/v1/${smallWorkspace}/external-integrations?sort_by=-created_at&limit=${ROWS}`,
    { headers: { authorization: `Bearer ${smallKey}` } },
  );
  if (!response.ok) throw new Error(`listing the small workspace failed: ${response.status}`);
  const page = await response.json();
  const indexHtml = readFileSync(path.join(consoleDir, 'index.html'), 'utf8');
  const stylesheets = [...indexHtml.matchAll(/<link[^>]+rel="stylesheet"[^>]*>/g)].map((m) => m[0]);
  const rows = page.items
    .map(
      (item, index) => `<tr class="data-row" aria-rowindex="${index + 2}" data-testid="integration-row" data-id="${item.id}">
<td class="cell-name"><a class="row-link" href="/integrations/${item.id}">${escapeHtml(item.display_name)}</a><span class="slug mono">${escapeHtml(item.name)}</span></td>
<td class="cell-description">${escapeHtml(item.description)}</td>
<td class="cell-status"><span class="status active">Active</span></td>
<td class="cell-time">${escapeHtml(item.created_at)}</td>
<td class="cell-time">${escapeHtml(item.updated_at)}</td></tr>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Integrations</title>
${stylesheets.join('\n')}
</head><body><section class="page wide"><h1>Integrations</h1>
<div class="table-scroll"><table class="integrations"><thead><tr><th>Display name</th><th>Description</th><th>Status</th><th>Created</th><th>Updated</th></tr></thead>
<tbody>
${rows}
</tbody></table></div></section></body></html>
`;
  writeFileSync(path.join(consoleDir, STATIC_PAGE), html);
  return page.items.length;
}

/** Returns the `GET /v1/auth/me` response for `apiKey`, as JSON text. */
async function keyInfo(apiKey) {
  const response = await fetch(`${baseUrl}/v1/auth/me`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  if (!response.ok) throw new Error(`auth/me failed: ${response.status}`);
  return response.text();
}

/**
 * Runs before any page script: stores the session as a signed-in tab holds
 * it, so each load is a reload of that tab, and records, on the page's own
 * clock (0 = navigation start), when 50 rows are first in the DOM.
 */
function installProbes({ storageKey, apiKey, infoKey, info, rows }) {
  sessionStorage.setItem(storageKey, apiKey);
  sessionStorage.setItem(infoKey, info);
  window.__bench = { firstRowAt: null, firstRowsAt: null, maxTableRows: 0, longTasks: [], mutations: [] };
  const bench = window.__bench;

  new MutationObserver(() => {
    const tableRows = document.querySelectorAll('table tr').length;
    if (tableRows > bench.maxTableRows) bench.maxTableRows = tableRows;
    if (bench.firstRowsAt === null) {
      const count = document.querySelectorAll('[data-testid="integration-row"]').length;
      if (count > 0 && bench.firstRowAt === null) bench.firstRowAt = performance.now();
      if (count >= rows) bench.firstRowsAt = performance.now();
    }
    if (bench.recordRows) {
      const first = document.querySelector('[data-testid="integration-row"]');
      bench.mutations.push({ at: performance.now(), firstId: first?.dataset.id ?? null });
    }
  }).observe(document, { childList: true, subtree: true });

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
}

/** The viewport of the scrolling and interaction benchmarks. */
const VIEWPORT = { width: 1280, height: 800 };
/**
 * The viewport of the first-rows benchmark. The console renders only the
 * rows near the viewport plus 20 on each side, so 50 rows are in the DOM at
 * once only on a screen at least 29 rows (1,624 px) tall.
 */
const TALL_VIEWPORT = { width: 1280, height: 1800 };

async function newPage(browser, apiKey, viewport = VIEWPORT) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(installProbes, {
    storageKey: SESSION_STORAGE_KEY,
    apiKey,
    infoKey: SESSION_STORAGE_KEY_INFO,
    info: await keyInfo(apiKey),
    rows: ROWS,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  return { context, page };
}

/**
 * Loads `url` in a fresh context (empty cache) and returns ms to 50 rows,
 * and for the console when each of its requests started and ended.
 */
async function timeToRows(browser, url) {
  const { context, page } = await newPage(browser, smallKey, TALL_VIEWPORT);
  await page.goto(url);
  const handle = await page.waitForFunction(() => window.__bench.firstRowsAt);
  const at = await handle.jsonValue();
  const marks = await page.evaluate(() => {
    const marks = {};
    const labels = [
      ['_bg.wasm', 'wasm'],
      ['/config.json', 'config.json'],
      ['/v1/auth/me', 'auth/me'],
      ['/external-integrations?', 'list'],
    ];
    for (const entry of performance.getEntriesByType('resource')) {
      const label = labels.find(([part]) => entry.name.includes(part))?.[1];
      if (label && !(label in marks)) marks[label] = [entry.startTime, entry.responseEnd];
    }
    return marks;
  });
  await context.close();
  return { at, marks };
}

/** Formats the median start and end of each request over `loads`. */
function describeRequests(loads) {
  const parts = [];
  for (const label of ['wasm', 'config.json', 'auth/me', 'list']) {
    const spans = loads.map((load) => load.marks[label]).filter(Boolean);
    if (spans.length === 0) continue;
    const start = median(spans.map(([start]) => start));
    const end = median(spans.map(([, end]) => end));
    parts.push(`${label} ${start.toFixed(0)}-${end.toFixed(0)}`);
  }
  return parts.join(', ');
}

async function benchFirstRows(browser) {
  const rows = await writeStaticPage();
  if (rows < ROWS) throw new Error(`the small workspace has ${rows} integrations, need ${ROWS}`);

  const consoleTimes = [];
  const staticTimes = [];
  // One untimed load of each warms the server's file cache and page cache.
  await timeToRows(browser, `${baseUrl}/integrations`);
  await timeToRows(browser, `${baseUrl}/${STATIC_PAGE}`);
  const consoleLoads = [];
  for (let i = 0; i < loads; i++) {
    const load = await timeToRows(browser, `${baseUrl}/integrations`);
    consoleLoads.push(load);
    consoleTimes.push(load.at);
    staticTimes.push((await timeToRows(browser, `${baseUrl}/${STATIC_PAGE}`)).at);
  }
  const consoleMedian = median(consoleTimes);
  const staticMedian = median(staticTimes);
  console.error(`console loads (ms): ${consoleTimes.map((t) => t.toFixed(1)).join(' ')}`);
  console.error(`static loads (ms): ${staticTimes.map((t) => t.toFixed(1)).join(' ')}`);
  result('first_rows_loads', loads);
  result('first_rows_console_ms', consoleMedian);
  result('first_rows_static_ms', staticMedian);
  result('first_rows_ratio', consoleMedian / staticMedian);
  result('first_rows_console_requests', describeRequests(consoleLoads));
}

/** Collects the ids of every list response of `page` into `ids`. */
function collectListIds(page, ids) {
  page.on('response', async (response) => {
    if (!response.url().includes('/external-integrations?')) return;
    try {
      const body = await response.json();
      for (const item of body.items ?? []) ids.push(item.id);
    } catch {
      // A response cut short by navigation carries no rows to count.
    }
  });
}

async function benchLongList(browser) {
  const { context, page } = await newPage(browser, largeKey);
  const cdp = await context.newCDPSession(page);
  const ids = [];
  collectListIds(page, ids);

  await page.goto(`${baseUrl}/integrations`);
  await page.waitForFunction(() => window.__bench.firstRowAt);
  await page.evaluate(() => {
    window.__bench.longTasks = [];
  });

  let maxHeap = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      maxHeap = Math.max(maxHeap, usedSize);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  // Scrolls one viewport per frame, as a fast fling does, until the row
  // whose aria-rowindex is total + 1 (the last one) is rendered.
  const started = Date.now();
  await page.evaluate(
    async ({ total, timeoutMs }) => {
      const deadline = performance.now() + timeoutMs;
      const lastIndex = String(total + 1);
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      while (performance.now() < deadline) {
        window.scrollBy(0, window.innerHeight);
        await frame();
        const rows = document.querySelectorAll('[data-testid="integration-row"]');
        const last = rows[rows.length - 1];
        if (last && last.getAttribute('aria-rowindex') === lastIndex) return;
      }
      throw new Error(`the last row did not render within ${timeoutMs} ms`);
    },
    { total: largeTotal, timeoutMs: STEP_TIMEOUT_MS },
  );
  const scrollMs = Date.now() - started;
  sampling = false;
  await sampler;
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  maxHeap = Math.max(maxHeap, usedSize);

  const bench = await page.evaluate(() => window.__bench);
  const unique = new Set(ids).size;
  const longest = bench.longTasks.reduce((max, task) => Math.max(max, task.duration), 0);
  result('long_list_total', largeTotal);
  result('long_list_scroll_ms', scrollMs);
  result('long_list_max_table_rows', bench.maxTableRows);
  result('long_list_heap_max_mb', maxHeap / (1024 * 1024));
  result('long_list_long_tasks', bench.longTasks.length);
  result('long_list_longest_task_ms', longest);
  result('long_list_ids_received', ids.length);
  result('long_list_ids_unique', unique);
  await context.close();
}

/**
 * Runs `action`, waits for the list response that `matches` accepts, and
 * returns ms from that response's last byte (Resource Timing `responseEnd`)
 * to the first DOM change after which the first row is the response's first
 * item.
 */
async function timeAnswerToRows(page, matches, action) {
  await page.evaluate(() => {
    performance.clearResourceTimings();
    window.__bench.mutations = [];
    window.__bench.recordRows = true;
  });
  const responsePromise = page.waitForResponse((r) => r.url().includes('/external-integrations?') && matches(r.url()));
  await action();
  const response = await responsePromise;
  const body = await response.json();
  const expectedFirst = body.items[0]?.id ?? null;
  const url = response.url();

  const handle = await page.waitForFunction(
    ({ url, expectedFirst }) => {
      const entry = performance.getEntriesByName(url).at(-1);
      if (!entry || entry.responseEnd === 0) return null;
      const change = window.__bench.mutations.find(
        (m) => m.at >= entry.responseEnd && m.firstId === expectedFirst,
      );
      return change ? change.at - entry.responseEnd : null;
    },
    { url, expectedFirst },
  );
  const elapsed = await handle.jsonValue();
  await page.evaluate(() => {
    window.__bench.recordRows = false;
  });
  return elapsed;
}

async function benchInteraction(browser) {
  const { context, page } = await newPage(browser, largeKey);
  await page.goto(`${baseUrl}/integrations`);
  await page.waitForFunction(() => window.__bench.firstRowAt);
  const box = page.getByLabel('Search integrations');

  const searchTimes = [];
  for (const term of ['salesforce', 'hubspot', 'zendesk', 'twilio', 'stripe', 'workday', 'okta', 'jira', 'slack']) {
    const prefix = term.slice(0, -1);
    await timeAnswerToRows(page, (url) => url.includes(`search=${prefix}&`), () => box.fill(prefix));
    const ms = await timeAnswerToRows(
      page,
      (url) => url.includes(`search=${term}&`),
      () => box.press(term.at(-1)),
    );
    searchTimes.push(ms);
  }
  console.error(`search answer to rows (ms): ${searchTimes.map((t) => t.toFixed(1)).join(' ')}`);

  const sortTimes = [];
  const headers = ['Display name', 'Created', 'Updated'];
  for (let i = 0; i < 9; i++) {
    const header = page.getByRole('button', { name: headers[i % headers.length], exact: true });
    sortTimes.push(await timeAnswerToRows(page, (url) => url.includes('sort_by='), () => header.click()));
  }
  console.error(`sort answer to rows (ms): ${sortTimes.map((t) => t.toFixed(1)).join(' ')}`);

  result('search_samples', searchTimes.length);
  result('search_median_ms', median(searchTimes));
  result('search_max_ms', Math.max(...searchTimes));
  result('sort_samples', sortTimes.length);
  result('sort_median_ms', median(sortTimes));
  result('sort_max_ms', Math.max(...sortTimes));
  await context.close();
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // performance.memory reports exact figures only with this flag; the
    // heap figure itself comes from CDP.
    '--enable-precise-memory-info',
  ],
});
try {
  result('chromium_version', browser.version());
  const only = process.argv.slice(2);
  if (only.length === 0 || only.includes('first-rows')) await benchFirstRows(browser);
  if (only.length === 0 || only.includes('long-list')) await benchLongList(browser);
  if (only.length === 0 || only.includes('interaction')) await benchInteraction(browser);
} finally {
  await browser.close();
}
