import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startAuthServer } from './fixtures/oauth/auth-server.js';
import { startProtectedServer } from './fixtures/oauth/protected-server.js';
import { signInByForm } from './helpers/oauth-switchboard.js';
import { startServe } from './helpers/serve-process.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TSX = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `switchboard <args>` from the sources, without blocking: the fixtures live in this process. */
function cli(args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', TSX, join(ROOT, 'src/main/headless.ts'), ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const firstLine = new Promise<string>((resolveLine) =>
    createInterface({ input: child.stdout }).once('line', resolveLine),
  );
  const exit = once(child, 'exit').then(([code]) => code as number);
  return { firstLine, exit, stderr };
}

async function serveWithNotes() {
  const as = await startAuthServer();
  const mcp = await startProtectedServer(as);
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-oauth-cli-'));
  const servers = join(dataDir, 'servers.json');
  writeFileSync(servers, JSON.stringify({ mcpServers: { notes: { type: 'http', url: mcp.url } } }));
  const serve = await startServe(['--data-dir', dataDir, '--port', '0', '--servers', servers], {
    SWITCHBOARD_LOG_LEVEL: 'warn',
  });
  cleanups.push(
    () => as.close(),
    () => mcp.close(),
    () => rmSync(dataDir, { recursive: true, force: true }),
    async () => {
      serve.child.kill('SIGTERM');
      await once(serve.child, 'exit');
    },
  );
  return { dataDir, origin: new URL(serve.url).origin, issuer: as.issuer, mcp: mcp.url };
}

// Each test starts `switchboard serve` from the sources with its default servers: slow here.
describe('switchboard signin / signout', { timeout: 120_000 }, () => {
  it('prints the page, waits for the sign-in, exits 0; signout revokes', async () => {
    const { dataDir } = await serveWithNotes();
    const signin = cli(['signin', 'notes', '--data-dir', dataDir]);
    const url = await signin.firstLine;
    expect(url).toMatch(/\/authorize\?.*code_challenge_method=S256/);
    expect((await signInByForm(url)).status).toBe(200);
    expect(await signin.exit).toBe(0);
    expect(signin.stderr.join('\n')).toContain('Signed in to notes as alice@example.test (read)');
    const signout = cli(['signout', 'notes', '--data-dir', dataDir]);
    expect(await signout.exit).toBe(0);
    expect(signout.stderr.join('\n')).toContain('the authorization server revoked the tokens');
  });

  it('exits non-zero with the reason when the sign-in fails or the server is unknown', async () => {
    const { dataDir, origin, issuer } = await serveWithNotes();
    const signin = cli(['signin', 'notes', '--data-dir', dataDir]);
    const state = new URL(await signin.firstLine).searchParams.get('state')!;
    // The browser comes back with a code the authorization server never issued.
    const back = new URLSearchParams({ state, code: 'forged', iss: issuer });
    const page = await fetch(`${origin}/oauth/callback?${back}`);
    expect(page.status).toBe(400);
    expect(await signin.exit).toBe(1);
    expect(signin.stderr.join('\n')).toMatch(/notes: the sign-in failed: .*bad code or verifier/);
    const missing = cli(['signin', 'nowhere', '--data-dir', dataDir]);
    expect(await missing.exit).toBe(1);
    expect(missing.stderr.join('\n')).toContain('no server "nowhere"');
  });
});

// An OAuth preset pointed at the fixture (`--set url=…`, the preset's own setting): the same
// shape as the Linear server, reached without contacting Linear.
describe('switchboard add PRESET for a server that signs in', { timeout: 120_000 }, () => {
  it('prints the exact signin command next, or signs in at once with --signin', async () => {
    const { dataDir, mcp } = await serveWithNotes();
    const add = cli(['add', 'linear', '--set', `url=${mcp}`, '--data-dir', dataDir]);
    expect(await add.exit).toBe(0);
    const said = add.stderr.join('\n');
    expect(said).toContain('Added server "linear" from preset "linear" (needs-signin).');
    expect(said).toContain(
      `Next: sign in on linear's own page: switchboard signin linear --data-dir ${dataDir}`,
    );

    const now = cli([
      'add',
      'linear',
      '--id',
      'linear2',
      '--set',
      `url=${mcp}`,
      '--signin',
      '--data-dir',
      dataDir,
    ]);
    const url = await now.firstLine;
    expect(url).toMatch(/\/authorize\?.*code_challenge_method=S256/);
    expect((await signInByForm(url)).status).toBe(200);
    expect(await now.exit).toBe(0);
    expect(now.stderr.join('\n')).toContain('Signed in to linear2 as alice@example.test (read)');
  });

  it('says to start Switchboard first when no gateway runs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-oauth-add-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // The preset's own https URL: nothing contacts it, as no gateway runs.
    const add = cli(['add', 'notion', '--data-dir', dataDir]);
    expect(await add.exit).toBe(0);
    expect(add.stderr.join('\n')).toContain(
      `Next: start Switchboard (switchboard serve), then sign in: switchboard signin notion --data-dir ${dataDir}`,
    );
  });
});
