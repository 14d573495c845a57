/// <reference lib="dom" />
// Drives 250 calls/s at a real `switchboard serve` for 10 s while its control center shows
// Activity (live) in Debian's Chromium, then the same with Servers open (the baseline: the
// same events arrive, Activity is not drawn). Reports the long tasks the page saw
// (PerformanceObserver 'longtask') and the input delay of clicks and key presses made
// meanwhile (handler start − event time). It reports; it asserts nothing.
//
//   npm run bench:activity-ui     (builds first; `out/renderer` is the UI served)

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { startServe } from '../test/helpers/serve-process.js';
import { fixtureStdio } from '../test/helpers/spawn-fixture.js';
import { initializeRequest } from './workloads.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RATE = 250;
const SECONDS = 10;
const AGENTS = 4;
const MAX_IN_FLIGHT = 32;

interface PageFigures {
  longTasks: number[];
  inputDelays: number[];
}

/** Calls `fixture__echo` once; the load comes from a few of these. */
type Caller = (text: string) => Promise<void>;

/**
 * A bare 2025-era session over fetch: real MCP requests to the real endpoint, without the SDK
 * client's parsing, so the driving process leaves the two cores to the gateway and Chromium.
 */
async function rawAgent(url: string, key: string): Promise<Caller> {
  const base = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `Bearer ${key}`,
  };
  let id = 0;
  const post = async (body: unknown, session?: string) => {
    const headers: Record<string, string> = { ...base };
    if (session) {
      headers['mcp-session-id'] = session;
      headers['mcp-protocol-version'] = '2025-06-18';
    }
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${response.status} ${text.slice(0, 200)}`);
    return response;
  };
  const init = await post(initializeRequest(++id, 'bench-activity-ui'));
  const session = init.headers.get('mcp-session-id') ?? undefined;
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session);
  return async (text) => {
    await post(
      {
        jsonrpc: '2.0',
        id: ++id,
        method: 'tools/call',
        params: { name: 'fixture__echo', arguments: { text } },
      },
      session,
    );
  };
}

/**
 * Installed before the app loads: collects long tasks and input delays in `window.__bench`.
 * A string, not a function: tsx would wrap a function's inner functions in a helper the page
 * does not have.
 */
const INSTRUMENT = `
  const figures = { longTasks: [], inputDelays: [] };
  window.__bench = figures;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) figures.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  const delay = (event) => figures.inputDelays.push(performance.now() - event.timeStamp);
  window.addEventListener('pointerdown', delay, { capture: true });
  window.addEventListener('keydown', delay, { capture: true });
`;

async function readFigures(page: Page, reset: boolean): Promise<PageFigures> {
  return page.evaluate((clear) => {
    const b = (window as unknown as { __bench: PageFigures }).__bench;
    const out = { longTasks: [...b.longTasks], inputDelays: [...b.inputDelays] };
    if (clear) {
      b.longTasks.length = 0;
      b.inputDelays.length = 0;
    }
    return out;
  }, reset);
}

/**
 * Fires RATE calls a second for SECONDS, spread over the agents, with at most MAX_IN_FLIGHT
 * outstanding (the gateway's per-key limits would refuse a pile-up); a call that is due while
 * that many wait goes out late, which shows as a lower rate reached.
 */
async function drive(agents: Caller[]): Promise<{ sent: number; seconds: number }> {
  const started = performance.now();
  const total = RATE * SECONDS;
  let sent = 0;
  let inFlight = 0;
  let answered = 0;
  let failed = 0;
  let lastError = '';
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
      while (sent < due && inFlight < MAX_IN_FLIGHT) {
        const agent = agents[sent % agents.length]!;
        inFlight++;
        sent++;
        void agent(`b${sent}`)
          .catch((error: unknown) => {
            failed++;
            lastError = String(error);
          })
          .finally(() => {
            inFlight--;
            answered++;
            if (answered === total) {
              clearInterval(timer);
              resolve();
            }
          });
      }
    }, 5);
  });
  if (failed) console.log(`${failed} calls failed; the last: ${lastError.slice(0, 200)}`);
  return { sent: sent - failed, seconds: (performance.now() - started) / 1000 };
}

/** A person's hands meanwhile: a click on the heading every 100 ms, a key press, a scroll. */
async function interact(page: Page, heading: string, until: () => boolean): Promise<void> {
  let i = 0;
  if (process.env.BENCH_NO_INPUT) return;
  while (!until()) {
    await page.getByRole('heading', { name: heading, level: 1 }).click();
    await page.keyboard.press('Shift');
    if (i++ % 5 === 0) await page.mouse.wheel(0, i % 10 < 5 ? 400 : -400);
    await page.waitForTimeout(100);
  }
}

const pct = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
};

async function phase(page: Page, agents: Caller[], view: string) {
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: new RegExp(`^${view}`) })
    .click();
  await page.getByRole('heading', { name: view, level: 1 }).waitFor();
  await page.waitForTimeout(1000);
  await readFigures(page, true);
  const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  let done = false;
  const hands = interact(page, view, () => done);
  const load = await drive(agents);
  done = true;
  await hands;
  await page.waitForTimeout(500); // the last batch lands
  const f = await readFigures(page, true);
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map<string, number>();
    const dt = profile.timeDeltas ?? [];
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    (profile.samples ?? []).forEach((id, i) => {
      const n = byId.get(id)!;
      const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    console.log(
      [...self]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([k, v]) => `${v.toFixed(0)}ms ${k}`)
        .join('\n'),
    );
  }
  if (process.env.BENCH_DEBUG) {
    console.log(
      view,
      'rows in DOM',
      await page.locator('tbody tr').count(),
      f.longTasks.map(Math.round).join(' '),
    );
  }
  const over50 = f.longTasks.filter((d) => d > 50);
  return {
    view,
    rate: load.sent / load.seconds,
    longTasks: f.longTasks.length,
    over50: over50.length,
    maxTask: Math.max(0, ...f.longTasks),
    inputs: f.inputDelays.length,
    delayP50: pct(f.inputDelays, 0.5),
    delayP95: pct(f.inputDelays, 0.95),
    delayMax: Math.max(0, ...f.inputDelays),
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-ui-'));
  const serversFile = join(dataDir, 'servers.json');
  writeFileSync(serversFile, JSON.stringify({ mcpServers: { Fixture: fixtureStdio() } }));
  const serve = await startServe(
    ['--data-dir', dataDir, '--port', '0', '--servers', serversFile].concat([
      '--web-root',
      join(ROOT, 'out', 'renderer'),
    ]),
    { SWITCHBOARD_LOG_LEVEL: 'warn' },
  );
  const origin = new URL(serve.url).origin;
  const token = readFileSync(join(dataDir, 'control-token'), 'utf8').trim();
  const adminKey = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const agents: Caller[] = [];
  try {
    for (let i = 0; i < AGENTS; i++) agents.push(await rawAgent(serve.url, adminKey));
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(INSTRUMENT);
    await page.goto(`${origin}/#token=${encodeURIComponent(token)}`);
    // Warm-up: some history in the table, JIT warm in the gateway.
    await Promise.all(agents.map((a) => a('warm-up')));
    const rows = [await phase(page, agents, 'Activity'), await phase(page, agents, 'Servers')];
    const header = `${new Date().toISOString()} · Node ${process.version} · ${cpus().length} cores · Chromium ${browser.version()}`;
    console.log(
      `\n${header}\n${RATE} calls/s asked for ${SECONDS} s per view, ${AGENTS} MCP sessions\n`,
    );
    console.log(
      '| view open | calls/s reached | long tasks | over 50 ms | longest task | inputs | input delay p50 | p95 | max |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(
        `| ${r.view} | ${r.rate.toFixed(0)} | ${r.longTasks} | ${r.over50} | ${r.maxTask.toFixed(0)} ms | ${r.inputs} | ${r.delayP50.toFixed(1)} ms | ${r.delayP95.toFixed(1)} ms | ${r.delayMax.toFixed(1)} ms |`,
      );
    }
  } finally {
    await browser.close();
    const exited = once(serve.child, 'exit');
    serve.child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
