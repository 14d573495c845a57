import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';

// `switchboard connect`: an SDK client speaking stdio to the bridge reaches the gateway,
// with progress and cancellation passing through, and the bridge exits when stdin closes.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href;

let t: TestSwitchboard;
beforeAll(async () => {
  t = await startSwitchboard({
    servers: [{ id: 'fixture', transport: fixtureTransport() }],
  });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

describe('the stdio bridge', () => {
  it('forwards calls, progress and cancellation, and exits when stdin closes', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', tsx, join(root, 'src/main/headless.ts'), 'connect', '--url', t.url],
      env: { ...(process.env as Record<string, string>), SWITCHBOARD_KEY: t.adminKey },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-agent', version: '1.0.0' });
    await client.connect(transport);
    const names = (await client.listTools()).tools.map((x) => x.name);
    expect(names).toContain('fixture__echo');
    expect(
      text(await client.callTool({ name: 'fixture__echo', arguments: { text: 'bridged' } })),
    ).toBe('echo: bridged');

    const progress: number[] = [];
    await client.callTool({ name: 'fixture__slow', arguments: { ms: 300, steps: 3 } }, {
      onprogress: (p: { progress: number }) => progress.push(p.progress),
    } as never);
    expect(progress.length).toBeGreaterThanOrEqual(2);

    const controller = new AbortController();
    const hang = client.callTool({ name: 'fixture__hang', arguments: {} }, {
      signal: controller.signal,
    } as never);
    setTimeout(() => controller.abort('stop'), 200);
    await expect(hang).rejects.toThrow();
    await expect
      .poll(
        async () =>
          JSON.parse(
            text(await client.callTool({ name: 'fixture__last_cancelled', arguments: {} })),
          ).cancelled,
      )
      .toBeGreaterThan(0);

    const pid = transport.pid!;
    await client.close();
    await expect
      .poll(() => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      })
      .toBe(false);
  });

  it('loads none of the gateway and none of the control contract when built', async () => {
    // Agents start the bridge for each session, and all it needs is the SDK's client and stdio
    // transports: a module that took the data dir or the runtime file from the gateway made
    // every bridge load and run the whole gateway first. The preload logs each file compiled.
    const moduleLog = join(mkdtempSync(join(tmpdir(), 'switchboard-bridge-')), 'modules.log');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        ...['--import', pathToFileURL(join(root, 'test/fixtures/module-log.mjs')).href],
        ...[join(root, 'out/main/headless.cjs'), 'connect', '--url', t.url],
      ],
      env: {
        ...(process.env as Record<string, string>),
        SWITCHBOARD_KEY: t.adminKey,
        MODULE_LOG: moduleLog,
      },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-agent', version: '1.0.0' });
    await client.connect(transport);
    expect((await client.listTools()).tools.map((x) => x.name)).toContain('fixture__echo');
    await client.close();
    const loaded = readFileSync(moduleLog, 'utf8').trim().split('\n');
    expect(loaded.some((file) => /[\\/]chunks[\\/]connect-[^\\/]*\.cjs$/.test(file))).toBe(true);
    const defines = (pattern: RegExp) =>
      loaded.filter((file) => pattern.test(readFileSync(file, 'utf8')));
    expect(defines(/\b(?:class|var|let|const) LeanLane\b/)).toEqual([]);
    expect(defines(/\b(?:class|var|let|const) ControlError\b/)).toEqual([]);
  });

  it('refuses to start without a key', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      ['--import', tsx, join(root, 'src/main/headless.ts'), 'connect', '--url', t.url],
      {
        env: { ...process.env, SWITCHBOARD_KEY: '' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(stderr).toContain('connect needs --key');
  });
});
