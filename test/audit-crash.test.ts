import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAuditFile } from '../src/main/gateway/observe/audit.js';
import { fixtureStdio } from './helpers/spawn-fixture.js';
import { alive, connectAdmin, descendants, startServe } from './helpers/serve-process.js';

// The gateway killed with SIGKILL under load: every call an agent saw answered is in
// the audit log, the reader survives a torn line, no secret reached a log, and no child
// server outlives the gateway.

const ENV_SECRET = 'zq-env-secret-7Hf3kLm9Qw';
const ARG_SECRET = 'argsecret-XYZ123-do-not-log';
const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Every file below a folder, with its text. */
function filesBelow(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

describe('a gateway killed mid-load', () => {
  it(
    'loses no answered call from the audit log, leaks no secret and leaves no orphan',
    { timeout: 90_000 },
    async () => {
      const serversFile = join(dataDir, 'servers.json');
      const fixture = fixtureStdio(['--name', 'crash']);
      writeFileSync(
        serversFile,
        JSON.stringify({ mcpServers: { fixture: { ...fixture, env: { API_TOKEN: ENV_SECRET } } } }),
      );
      const serve = await startServe(
        ['--data-dir', dataDir, '--port', '0', '--servers', serversFile],
        {
          SWITCHBOARD_LOG_LEVEL: 'debug',
        },
      );
      const children = descendants(serve.child.pid!);
      const key = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
      const client = await connectAdmin(serve.url, dataDir, 'crash-test');
      // The secret reaches the server (it needs it) but must not reach any log.
      const env = await client.callTool({ name: 'fixture__env', arguments: { name: 'API_TOKEN' } });
      expect(JSON.stringify(env.content)).toContain(ENV_SECRET);

      const answered: string[] = [];
      let next = 0;
      const worker = async () => {
        while (answered.length < 400) {
          const marker = `call-${next++}`;
          try {
            await client.callTool(
              { name: 'fixture__echo', arguments: { text: marker, password: ARG_SECRET } },
              { timeout: 5_000 } as never, // a call cut off by the kill fails fast
            );
            answered.push(marker);
          } catch {
            return; // the gateway is gone
          }
        }
      };
      const load = Promise.all(Array.from({ length: 8 }, worker));
      await expect.poll(() => answered.length, { timeout: 60_000 }).toBeGreaterThan(150);
      const exited = once(serve.child, 'exit');
      serve.child.kill('SIGKILL');
      await exited;
      await client.close().catch(() => undefined);
      await load;

      const auditFile = join(dataDir, 'audit', 'audit.jsonl');
      const logged = new Set(readAuditFile(auditFile).map((e) => e.argsPreview));
      const missing = answered.filter((m) => ![...logged].some((p) => p.includes(`"${m}"`)));
      expect(missing).toEqual([]);

      appendFileSync(auditFile, '{"time":"2026-11-25T00:00:00.000Z","keyName":"torn');
      expect(readAuditFile(auditFile).length).toBeGreaterThanOrEqual(answered.length);

      for (const file of [
        ...filesBelow(join(dataDir, 'audit')),
        ...filesBelow(join(dataDir, 'logs')),
      ]) {
        expect(file.text, file.path).not.toContain(ENV_SECRET);
        expect(file.text, file.path).not.toContain(ARG_SECRET);
        expect(file.text, file.path).not.toContain(key);
      }
      const output = [...serve.stdout, ...serve.stderr].join('\n');
      expect(output).not.toContain(ENV_SECRET);
      expect(output).not.toContain(ARG_SECRET);
      expect(statSync(auditFile).mode & 0o777).toBe(0o600);

      // Children see their stdin close and exit on their own.
      await expect.poll(() => children.filter(alive), { timeout: 15_000 }).toEqual([]);
    },
  );
});
