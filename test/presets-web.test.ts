import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { getPreset, instantiatePreset } from '../src/main/setup/presets.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { callText } from './presets/tool-text.js';

// The Web preset fetches a page from a local server only when that host is allowed,
// refuses it otherwise, refuses cloud metadata, and re-checks every redirect hop.

const PAGE = `<!doctype html><html><head><title>Fixture</title><script>alert(1)</script></head>
<body><h1>Llama news</h1><p>Llamas are <strong>woolly</strong>.</p>
<ul><li>one</li><li>two</li></ul><a href="/more">more</a></body></html>`;

let dir: string;
let site: Server;
let origin: string;
let sb: TestSwitchboard;
let admin: Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-web-'));
  site = createServer((req, res) => {
    const port = (site.address() as AddressInfo).port;
    if (req.url === '/to-localhost') {
      res.writeHead(302, { location: `http://localhost:${port}/` }).end();
    } else if (req.url === '/to-metadata') {
      res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    }
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const web = getPreset('web');
  sb = await startSwitchboard({
    servers: [
      instantiatePreset(web, { allowHosts: '127.0.0.1' }, { dataDir: dir, id: 'web-allowed' })
        .server,
      instantiatePreset(web, {}, { dataDir: dir }).server,
    ],
  });
  admin = await sb.connect(sb.adminKey);
}, 60_000);

afterAll(async () => {
  await sb?.stop();
  await new Promise((resolve) => site?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('Web preset', () => {
  it('fetches a page from an allowed local host as markdown', async () => {
    const { text, isError } = await callText(admin, 'web-allowed__fetch', { url: `${origin}/` });
    expect(isError, text).toBe(false);
    expect(text).toContain('# Llama news');
    expect(text).toContain('Llamas are **woolly**.');
    expect(text).toMatch(/^-\s+one$/m);
    expect(text).not.toContain('alert(1)');
  });

  it('refuses the same page when the host is not allowed', async () => {
    const { text, isError } = await callText(admin, 'web__fetch', { url: `${origin}/` });
    expect(isError).toBe(true);
    expect(text).toContain('Refused to fetch from 127.0.0.1');
    expect(text).toContain('loopback');
    expect(text).not.toContain('Llama news');
  });

  it('refuses cloud metadata at 169.254.169.254, even on the allowing server', async () => {
    for (const server of ['web', 'web-allowed']) {
      const { text, isError } = await callText(admin, `${server}__fetch`, {
        url: 'http://169.254.169.254/latest/meta-data/',
      });
      expect(isError).toBe(true);
      expect(text).toContain('link-local');
    }
  });

  it('refuses loopback reached through a name or an IPv6 form', async () => {
    const port = new URL(origin).port;
    for (const url of [
      `http://localhost:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::1]:${port}/`,
      `http://0x7f000001:${port}/`,
    ]) {
      const { text, isError } = await callText(admin, 'web__fetch', { url });
      expect(isError, url).toBe(true);
      expect(text, url).toContain('Refused');
    }
  });

  it('re-checks redirects: an allowed host may not bounce the fetch elsewhere', async () => {
    const toLocalhost = await callText(admin, 'web-allowed__fetch', {
      url: `${origin}/to-localhost`,
    });
    expect(toLocalhost.isError).toBe(true);
    expect(toLocalhost.text).toContain('Refused to fetch from localhost');
    const toMetadata = await callText(admin, 'web-allowed__fetch', {
      url: `${origin}/to-metadata`,
    });
    expect(toMetadata.isError).toBe(true);
    expect(toMetadata.text).toContain('169.254.169.254');
  });
});
