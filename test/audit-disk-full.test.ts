import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureStdio } from './helpers/spawn-fixture.js';
import { connectAdmin, startServe } from './helpers/serve-process.js';

// The audit log promises that every result an agent saw is in the file. On a full disk that
// promise holds by failing the call: the agent is told why and gets no result, and the gateway
// stays up. `/dev/full` is Linux's device whose every write fails with ENOSPC; the audit file
// is a link to it, so the gateway meets a real failed write, not a stub.

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe.skipIf(!existsSync('/dev/full'))('an audit log that cannot be written', () => {
  it.each([
    ['the lean lane', {}],
    ['the SDK path', { SWITCHBOARD_LEAN: 'off' }],
  ])('fails each call on %s with the reason, unanswered', { timeout: 60_000 }, async (_, env) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-disk-full-'));
    dirs.push(dataDir);
    mkdirSync(join(dataDir, 'audit'), { mode: 0o700 });
    symlinkSync('/dev/full', join(dataDir, 'audit', 'audit.jsonl'));
    const serversFile = join(dataDir, 'servers.json');
    writeFileSync(
      serversFile,
      JSON.stringify({ mcpServers: { fixture: fixtureStdio(['--name', 'full']) } }),
    );
    const serve = await startServe(
      ['--data-dir', dataDir, '--port', '0', '--servers', serversFile],
      env,
    );
    let client: Client | undefined;
    try {
      client = await connectAdmin(serve.url, dataDir, 'disk-full-test');
      for (const text of ['first-unaudited', 'second-unaudited']) {
        const call = client.callTool({ name: 'fixture__echo', arguments: { text } });
        await expect(call).rejects.toThrow(/ENOSPC|no space left/i);
      }
      // The gateway is still there: requests that write no audit line are answered.
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('fixture__echo');
      expect(serve.child.exitCode).toBeNull();
    } finally {
      await client?.close().catch(() => undefined);
      serve.child.kill('SIGTERM');
    }
  });
});
