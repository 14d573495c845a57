import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPreset, instantiatePreset } from '../src/main/setup/presets.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { callText } from './presets/tool-text.js';

// A fetch limited to one host by a rule condition, through the real endpoint, the SDK client
// and Switchboard's web server over stdio (run `npm run build` first). The server itself may
// fetch from both loopback names, so only the rule tells 127.0.0.1 from localhost; the page
// server counts its requests to prove a refused call never reached it. (mcp-fetch-server
// refuses every loopback address itself, so it cannot stand in for the allowed half here.)

const PAGE = '<!doctype html><html><body><h1>Llama news</h1><p>Woolly.</p></body></html>';

let dir: string;
let site: Server;
let port: number;
let hits = 0;
let t: TestSwitchboard;
let reader: Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-fetch-host-'));
  site = createServer((_req, res) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  port = (site.address() as AddressInfo).port;
  const web = instantiatePreset(
    getPreset('web'),
    { allowHosts: '127.0.0.1,localhost' },
    { dataDir: dir },
  ).server;
  t = await startSwitchboard({
    servers: [web],
    roles: [
      { name: 'admin', rules: [{ pattern: '*', action: 'allow' }] },
      {
        name: 'reader',
        rules: [
          {
            pattern: 'web__fetch',
            action: 'allow',
            conditions: [{ kind: 'host', arg: 'url', op: 'in', hosts: ['127.0.0.1'] }],
          },
          { pattern: '*', action: 'deny' },
        ],
      },
    ],
  });
  reader = await t.connect(await t.key('reader'));
}, 90_000);

afterAll(async () => {
  await t?.stop();
  await new Promise((resolve) => site?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('a fetch limited to one host', () => {
  it('fetches from the listed host', async () => {
    const before = hits;
    const { text, isError } = await callText(reader, 'web__fetch', {
      url: `http://127.0.0.1:${port}/`,
    });
    expect(isError, text).toBe(false);
    expect(text).toContain('Llama news');
    expect(hits).toBe(before + 1);
  });

  it.each([
    ['another name for the same machine', 'http://localhost:PORT/'],
    ['a mixed-case host', 'http://LocalHost:PORT/'],
    ['the listed host as user info before another host', 'http://127.0.0.1@localhost:PORT/'],
    ['a host with the listed one as a prefix', 'http://127.0.0.1.nip.io:PORT/'],
  ])('refuses %s before the server fetches anything', async (_what, template) => {
    const url = template.replace('PORT', String(port));
    const before = hits;
    const { text, isError } = await callText(reader, 'web__fetch', { url });
    expect(isError).toBe(true);
    expect(text).toMatch(/^Denied by Switchboard: rule 2 of role "reader"/);
    expect(hits).toBe(before);
    // explain gives the pipeline's answer for the same arguments.
    const view = await t.sb.control.explainDecision({
      role: 'reader',
      tool: 'web__fetch',
      args: { url },
    });
    expect(view.action).toBe('deny');
    expect(view.ruleIndex).toBe(1);
    expect(view.skipped).toEqual([
      expect.stringMatching(
        /^rule 1 skipped: condition 1 \(url host in 127\.0\.0\.1\) does not hold/,
      ),
    ]);
  });
});
