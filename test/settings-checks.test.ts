import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPresets } from '../src/main/setup/presets.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import {
  findPostgresBin,
  startPostgres,
  type PostgresCluster,
} from './presets/postgres-cluster.js';

// Settings are checked at add, preset by preset: each wrong one a new user is likely to type is
// refused with a message naming the setting and what is wrong; each right one is accepted.
// Through the real control API of a running Switchboard; PostgreSQL from Debian's package.

const bin = findPostgresBin();
const PASSWORD = 'right-horse-battery';
let dir: string;
let sb: TestSwitchboard;
let cluster: PostgresCluster | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-checks-'));
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'page.html'), '<!doctype html><title>not a database</title>');
  writeFileSync(join(dir, 'plain.txt'), 'a file, not a folder');
  sb = await startSwitchboard({ servers: [] });
  if (bin) cluster = await startPostgres(bin, PASSWORD);
}, 90_000);

afterAll(async () => {
  await sb?.stop();
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The message `addPreset` refuses these values with. */
async function refusal(presetId: string, values: Record<string, string>): Promise<string> {
  const error = await sb.sb.control.addPreset({ presetId, id: 'check', values }).then(
    () => undefined,
    (e: unknown) => e as { code: string; message: string },
  );
  if (!error) {
    await sb.sb.control.removeServer({ id: 'check' });
    throw new Error(`${presetId} accepted ${JSON.stringify(values)}`);
  }
  expect(error.code).toBe('invalid_input');
  return error.message;
}

/** Adds the preset with these values (it must be accepted), then removes it again. */
async function accepted(presetId: string, values: Record<string, string>): Promise<void> {
  const view = await sb.sb.control.addPreset({ presetId, id: 'check', values });
  expect(view.config.preset?.id).toBe(presetId);
  await sb.sb.control.removeServer({ id: 'check' });
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const missing = () => join(dir, 'no-such-folder');

describe('folders and files', () => {
  for (const presetId of ['filesystem', 'pdf', 'word']) {
    const field = allPresets().find((p) => p.id === presetId)!.fields[0]!;
    const name = `${field.label} (root)`;

    it(`${presetId}: a missing folder, a file, a relative path are refused; a folder is not`, async () => {
      expect(await refusal(presetId, { root: missing() })).toContain(
        `${name}: folder ${missing()} does not exist`,
      );
      expect(await refusal(presetId, { root: join(dir, 'plain.txt') })).toContain(
        `${name}: ${join(dir, 'plain.txt')} is a file, not a folder`,
      );
      expect(await refusal(presetId, { root: 'docs' })).toContain(
        `${name} must be an absolute path`,
      );
      await accepted(presetId, { root: join(dir, 'docs') });
    }, 60_000);
  }

  it('memory: a file in a missing folder or a folder is refused; a new file is not', async () => {
    expect(await refusal('memory', { file: join(missing(), 'm.jsonl') })).toContain(
      `Memory file (file): folder ${missing()} does not exist (the file would be created in it)`,
    );
    expect(await refusal('memory', { file: join(dir, 'docs') })).toContain(
      `Memory file (file): ${join(dir, 'docs')} is a folder, not a file`,
    );
    await accepted('memory', { file: join(dir, 'docs', 'memory.jsonl') });
  }, 60_000);

  it('sqlite: a missing folder or an HTML file is refused; a new database is not', async () => {
    expect(await refusal('sqlite', { file: join(missing(), 'a.db') })).toContain(
      `Database file (file): folder ${missing()} does not exist`,
    );
    expect(await refusal('sqlite', { file: join(dir, 'page.html') })).toContain(
      `Database file (file): ${join(dir, 'page.html')} is not a SQLite database`,
    );
    await accepted('sqlite', { file: join(dir, 'docs', 'new.db') });
  }, 60_000);
});

describe('numbers, hosts, URLs and tokens', () => {
  it('excel: cells per page must be a whole number', async () => {
    for (const bad of ['abc', '0', '-5', '12.5']) {
      expect(await refusal('excel', { pagingCells: bad })).toContain(
        `Cells per page (pagingCells) must be a whole number above 0, not "${bad}"`,
      );
    }
    await accepted('excel', { pagingCells: '2000' });
  }, 60_000);

  it('web: allowed hosts are host names, not URLs', async () => {
    expect(await refusal('web', { allowHosts: 'http://localhost:8080/' })).toContain(
      'Allowed hosts (allowHosts) lists host names only',
    );
    await accepted('web', { allowHosts: 'localhost,intranet.example.com' });
  }, 60_000);

  it('github: the token is required; github-remote: the endpoint is HTTP(S)', async () => {
    expect(await refusal('github', {})).toContain('GitHub token (token) is required');
    await accepted('github', { token: 'ghp_example' });
    expect(
      await refusal('github-remote', { token: 'ghp_example', url: 'ftp://example.com/mcp' }),
    ).toContain('Endpoint (url) must start with https:// or http://, not ftp://');
    await accepted('github-remote', { token: 'ghp_example' });
  }, 60_000);
});

describe.skipIf(!bin)('postgres: the scheme, then a test connection', () => {
  const url = (change: (u: URL) => void) => {
    const u = new URL(cluster!.url);
    change(u);
    return u.href;
  };
  const name = 'Connection string (url)';

  it('refuses a mysql:// URL, naming the scheme', async () => {
    expect(await refusal('postgres', { url: url((u) => (u.protocol = 'mysql:')) })).toContain(
      `${name} must start with postgres:// or postgresql://, not mysql://`,
    );
  });

  it('names a wrong password without printing it', async () => {
    const message = await refusal('postgres', { url: url((u) => (u.password = 'wrong-one')) });
    expect(message).toContain(
      `${name}: the test connection failed: the password for user "postgres" was refused`,
    );
    expect(message).not.toContain('wrong-one');
  }, 30_000);

  it('names a database that does not exist', async () => {
    const message = await refusal('postgres', { url: url((u) => (u.pathname = '/nope')) });
    expect(message).toContain(`database "nope" does not exist on 127.0.0.1:`);
    expect(message).not.toContain(PASSWORD);
  }, 30_000);

  it('names a port nothing listens on', async () => {
    const port = await closedPort();
    const message = await refusal('postgres', { url: url((u) => (u.port = String(port))) });
    expect(message).toContain(
      `nothing accepts connections on 127.0.0.1:${port} (check the host and port)`,
    );
  }, 30_000);

  it('names a host that does not resolve', async () => {
    const message = await refusal('postgres', {
      url: url((u) => (u.hostname = 'db.example.invalid')),
    });
    expect(message).toContain('host db.example.invalid could not be found (DNS lookup failed)');
  }, 30_000);

  it('accepts the right URL, and keeps a wrong one with force', async () => {
    await accepted('postgres', { url: cluster!.url });
    const bad = url((u) => (u.password = 'wrong-one'));
    const kept = await sb.sb.control.addPreset({
      presetId: 'postgres',
      id: 'check',
      values: { url: bad },
      force: true,
    });
    expect(kept.config.id).toBe('check');
    await sb.sb.control.removeServer({ id: 'check' });
  }, 30_000);
});

describe('plain servers', () => {
  it('refuses a command that is not found and a working folder that is missing', async () => {
    const add = (transport: Record<string, unknown>) =>
      sb.sb.control.addServer({
        server: { id: 'plain', transport: { type: 'stdio', ...transport } } as never,
      });
    await expect(add({ command: 'no-such-mcp-command' })).rejects.toThrow(
      'Cannot add plain: command: no-such-mcp-command was not found (is it installed and on PATH?)',
    );
    await expect(add({ command: process.execPath, cwd: missing() })).rejects.toThrow(
      `working folder (cwd): folder ${missing()} does not exist`,
    );
    await expect(add({ command: process.execPath, cwd: join(dir, 'plain.txt') })).rejects.toThrow(
      'is not a folder',
    );
  });
});
