import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, stopChild, type ServeProcess } from '../helpers/serve-process.js';
import { trickyStdio } from './helpers.js';

// Secrets and files at rest, with `switchboard serve` as its own process so its whole
// output and every file it wrote can be searched: a secret in a server's env and in call
// arguments never lands in a log, the audit, the catalog cache, an error or /metrics; the
// gateway's own environment never reaches a server; every file is 0600 in a 0700 folder; a
// corrupt config.json is moved aside and the last good one loaded.

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-secrets-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const ENV_SECRET = `envsecret-${randomBytes(12).toString('hex')}`;
const GATEWAY_SECRET = `gwsecret-${randomBytes(12).toString('hex')}`;
const ARG_PASSWORD = `argpassword-${randomBytes(12).toString('hex')}`;
const GITHUB_TOKEN = `ghp_${randomBytes(18).toString('hex').slice(0, 36)}`;
const SECRETS = { ENV_SECRET, GATEWAY_SECRET, ARG_PASSWORD, GITHUB_TOKEN };

async function connect(url: string, key: string): Promise<Client> {
  const client = new Client({ name: 'secrets-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${key}` } },
    }),
  );
  return client;
}

const stop = (serve: ServeProcess) => stopChild(serve.child);

async function text(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  try {
    const result = await client.callTool({ name, arguments: args });
    return (result.content as { text?: string }[]).map((c) => c.text ?? '').join('');
  } catch (error) {
    return (error as Error).message;
  }
}

/** Every file under `dir`, recursively. */
function walk(dir: string): { path: string; dir: boolean }[] {
  const out: { path: string; dir: boolean }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out.push({ path, dir: entry.isDirectory() });
    if (entry.isDirectory()) out.push(...walk(path));
  }
  return out;
}

let output = '';
let metricsBody = '';
const seen: Record<string, string> = {};

beforeAll(async () => {
  const serversFile = join(dataDir, '..', `servers-${randomBytes(4).toString('hex')}.json`);
  const { command, args } = trickyStdio();
  writeFileSync(
    serversFile,
    JSON.stringify({ mcpServers: { tricky: { command, args, env: { API_TOKEN: ENV_SECRET } } } }),
  );
  const serve = await startServe(['--data-dir', dataDir, '--port', '0', '--servers', serversFile], {
    GATEWAY_ONLY_SECRET: GATEWAY_SECRET,
    SWITCHBOARD_LOG_LEVEL: 'debug',
  });
  rmSync(serversFile, { force: true });
  try {
    const key = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
    const client = await connect(serve.url, key);
    seen.gatewayVar = await text(client, 'tricky__env', { name: 'GATEWAY_ONLY_SECRET' });
    seen.logLevelVar = await text(client, 'tricky__env', { name: 'SWITCHBOARD_LOG_LEVEL' });
    seen.configuredVar = await text(client, 'tricky__env', { name: 'API_TOKEN' });
    // The secrets as call arguments: plain, under a secret-looking key, credential-shaped,
    // in an unknown tool's name and in arguments the server rejects.
    await text(client, 'tricky__echo', { text: `here is ${ENV_SECRET} and ${GITHUB_TOKEN}` });
    await text(client, 'tricky__env', { name: 'HOME', password: ARG_PASSWORD });
    await text(client, `tricky__${ENV_SECRET}`, {});
    await text(client, 'tricky__echo', { text: 42, note: ENV_SECRET, token: ARG_PASSWORD });
    await client.close();
    const controlUrl = serve.stdout.find((l) => l.startsWith('Control center: '))!;
    const token = new URL(controlUrl.slice('Control center: '.length)).hash.replace('#token=', '');
    const metrics = await fetch(new URL('/metrics', serve.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    metricsBody = await metrics.text();
  } finally {
    await stop(serve);
  }
  output = [...serve.stdout, ...serve.stderr].join('\n');
}, 90_000);

describe('a server process’s environment', () => {
  it('does not get the gateway’s own variables', () => {
    expect(seen.gatewayVar).toBe('<unset>');
    expect(seen.logLevelVar).toBe('<unset>');
  });

  it('gets what is configured for it', () => {
    expect(seen.configuredVar).toBe(ENV_SECRET);
  });
});

describe('secrets at rest and in output', () => {
  it('appear in no file the gateway wrote (besides the config that holds them)', () => {
    // The config holds the configured value by design (headless has no OS keychain; the
    // desktop seals it with safeStorage); everything else must be clean.
    const configFiles = new Set(['config.json', 'config.last-good.json']);
    const files = walk(dataDir).filter((f) => !f.dir);
    // Not vacuous: the calls were audited, with their arguments previewed (masked).
    const audit = files.filter((f) => f.path.includes('audit'));
    const audited = audit.map((f) => readFileSync(f.path, 'utf8')).join('\n');
    expect(audited).toContain('tricky__echo');
    expect(audited).toContain('***');
    for (const file of files) {
      const name = file.path.slice(dataDir.length + 1);
      const content = readFileSync(file.path, 'utf8');
      for (const [label, secret] of Object.entries(SECRETS)) {
        if (label === 'ENV_SECRET' && configFiles.has(name)) continue;
        expect(content.includes(secret), `${label} in ${name}`).toBe(false);
      }
    }
  });

  it('appear nowhere in the gateway’s stdout, stderr or /metrics', () => {
    expect(metricsBody).toContain('# HELP');
    for (const [label, secret] of Object.entries(SECRETS)) {
      expect(output.includes(secret), `${label} in output`).toBe(false);
      expect(metricsBody.includes(secret), `${label} in /metrics`).toBe(false);
    }
  });
});

describe('files at rest', () => {
  /** Files and folders under the data dir whose mode is not 0700 (folders) / 0600 (files). */
  function wrongModes(filter: (relative: string) => boolean): string[] {
    return walk(dataDir)
      .map((e) => ({ ...e, rel: e.path.slice(dataDir.length + 1) }))
      .filter((e) => filter(e.rel))
      .map((e) => ({ ...e, mode: (statSync(e.path).mode & 0o777).toString(8) }))
      .filter((e) => e.mode !== (e.dir ? '700' : '600'))
      .map((e) => `${e.rel} ${e.mode}`);
  }

  it('the data folder is 0700 and everything in it 0600 (files) / 0700 (folders)', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(walk(dataDir).length).toBeGreaterThan(3);
    expect(wrongModes((rel) => !rel.startsWith('logs'))).toEqual([]);
  });

  // HOLE (src/main/gateway/observe/logger.ts openDestination): pino.destination({ mkdir: true })
  // creates logs/ as 0755 and logs/switchboard.log as 0644 (umask), so other local users can
  // read the log. Fix: ensurePrivateDir(dirname(dest)); create the file first with
  // openSync(dest, 'a', 0o600) + chmodSync(dest, 0o600); then pino.destination without mkdir.
  it('the log folder and log file are private too', () => {
    expect(wrongModes((rel) => rel.startsWith('logs'))).toEqual([]);
  });

  it('a corrupt config.json is moved aside, the last good one loaded, the user told once', async () => {
    writeFileSync(join(dataDir, 'config.json'), '{ "version": 1, "servers": [ oops');
    const serve = await startServe(['--data-dir', dataDir, '--port', '0']);
    try {
      const warnings = serve.stderr.filter((l) => /config\.json/.test(l) && /invalid/.test(l));
      expect(warnings).toHaveLength(1);
      const aside = readdirSync(dataDir).filter((n) => /^config\.corrupt-.*\.json$/.test(n));
      expect(aside).toHaveLength(1);
      expect(readFileSync(join(dataDir, aside[0]!), 'utf8')).toContain('oops');
      expect(statSync(join(dataDir, aside[0]!)).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'config.json')).mode & 0o777).toBe(0o600);
      // The last good config still has the server added on the first run.
      const key = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
      const client = await connect(serve.url, key);
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('tricky__echo');
      await client.close();
    } finally {
      await stop(serve);
    }
  }, 60_000);
});
