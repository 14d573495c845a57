import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSetupMethods } from '../src/main/control/setup-methods.js';
import { defaultConfig } from '../src/main/gateway/config/default-config.js';
import { runCli } from './helpers/serve-process.js';

// `switchboard doctor` and the client configs pointed at Switchboard: a healthy setup prints
// only its summary and exits 0; a broken server and a drifted client (its key revoked) are
// both named, exit 1; `doctor --fix` points the client back with a new key, after a backup.
// Real CLI runs with HOME set to a temp folder, so the client files are the test's own.

const root = mkdtempSync(join(tmpdir(), 'switchboard-doctor-clients-'));
const home = join(root, 'home');
const dataDir = join(root, 'data');
mkdirSync(join(home, '.cursor'), { recursive: true });
mkdirSync(dataDir);
const cursorFile = join(home, '.cursor', 'mcp.json');
const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir], env);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The Cursor file as `switchboard import --rewrite` leaves it, with one other server kept. */
function wireCursor(url: string, key: string): void {
  writeFileSync(
    cursorFile,
    JSON.stringify({
      mcpServers: {
        other: { command: 'other-mcp' },
        switchboard: { url, headers: { Authorization: `Bearer ${key}` } },
      },
    }),
  );
}

describe('doctor checks the clients pointed at Switchboard', () => {
  it('prints only a summary when healthy, names a broken server and a drifted client, and fixes the client', () => {
    expect(cli('doctor').status).toBe(0);
    const created = cli('keys', 'create', '--role', 'coder', '--name', 'cursor-key');
    expect(created.status, created.stderr).toBe(0);
    const { port } = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')).settings;
    const url = `http://127.0.0.1:${port}/mcp`;
    const key = created.stdout.trim();
    wireCursor(url, key);

    const healthy = cli('doctor');
    expect(healthy.status, healthy.stdout).toBe(0);
    expect(healthy.stdout.trim().split('\n')).toEqual([
      `All good: data directory ${dataDir}, 2 servers (from the config; no gateway runs).`,
    ]);

    // Drift: the client's key is revoked; and a server that cannot start is kept with --force.
    expect(cli('keys', 'revoke', 'cursor-key').status).toBe(0);
    expect(cli('add', 'pdf', '--id', 'docs', '--set', 'root=/no/such/docs', '--force').status).toBe(
      0,
    );
    const broken = cli('doctor');
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('server docs: folder /no/such/docs does not exist — fix:');
    expect(broken.stdout).toContain(
      `client cursor (${cursorFile}) carries a key Switchboard does not accept (revoked or from another setup) — fix: switchboard doctor --fix`,
    );
    expect(broken.stdout).not.toContain(key);
    expect(broken.stdout).toContain('2 problems');

    // A client pointed at another port is named too, with where it points.
    wireCursor('http://127.0.0.1:1/mcp', key);
    expect(cli('doctor').stdout).toContain(`points at http://127.0.0.1:1/mcp, not ${url}`);

    const fixed = cli('doctor', '--fix');
    expect(fixed.stdout).toContain(`Repaired ${cursorFile}: it points at ${url} again (backup: `);
    expect(
      readdirSync(join(home, '.cursor')).some((f) => f.startsWith('mcp.json.switchboard-backup-')),
    ).toBe(true);
    const wired = JSON.parse(readFileSync(cursorFile, 'utf8')).mcpServers;
    expect(wired.other).toEqual({ command: 'other-mcp' });
    expect(wired.switchboard.url).toBe(url);
    expect(wired.switchboard.headers.Authorization).not.toBe(`Bearer ${key}`);
    // Only the server is left, and the check says so.
    const after = cli('doctor');
    expect(after.status).toBe(1);
    expect(after.stdout).not.toContain('client cursor');
    expect(after.stdout).toContain('1 problem');
    expect(existsSync(cursorFile)).toBe(true);
  }, 180_000);
});

describe('the control API behind the Connect view’s Repair button', () => {
  it('lists a drifted client and repairs it after a backup, with a new key', async () => {
    const home2 = join(root, 'home2');
    mkdirSync(join(home2, '.cursor'), { recursive: true });
    const file = join(home2, '.cursor', 'mcp.json');
    writeFileSync(
      file,
      JSON.stringify({ mcpServers: { switchboard: { url: 'http://127.0.0.1:9/mcp' } } }),
    );
    let config = defaultConfig(join(root, 'data2'));
    const methods = createSetupMethods({
      config: () => config,
      edit: async (fn) => void (config = fn(config)),
      serverView: () => undefined as never,
      dataDir: join(root, 'data2'),
      endpointUrl: () => 'http://127.0.0.1:4242/mcp',
      now: () => 1_000,
      locations: { home: home2, env: { XDG_CONFIG_HOME: join(home2, '.config') } },
    });
    expect(await methods.listClientWiring()).toEqual([
      {
        client: 'cursor',
        file,
        what: 'points at http://127.0.0.1:9/mcp, not http://127.0.0.1:4242/mcp',
        needsKey: true,
      },
    ]);
    const { backup } = await methods.updateClientWiring({ client: 'cursor', file });
    expect(JSON.parse(readFileSync(backup, 'utf8')).mcpServers.switchboard.url).toBe(
      'http://127.0.0.1:9/mcp',
    );
    expect(config.keys.map((k) => k.role)).toEqual(['coder']);
    expect(await methods.listClientWiring()).toEqual([]);
    await expect(methods.updateClientWiring({ client: 'cursor', file })).rejects.toThrow(
      'needs no repair',
    );
  });
});
