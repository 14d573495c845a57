import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';

// The response cache for read-only tools, through the real endpoint: `counted` numbers
// its executions, so a cached answer repeats its number and a fresh one does not.

let t: TestSwitchboard;
let admin: Client;
let coder: Client;

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [{ id: 'fixture', transport: fixtureTransport() }],
    settings: { cacheTtlMs: 1_000 },
  });
  admin = await t.connect(t.adminKey);
  const coderRole = 'coder-cache';
  await t.sb.control.createRole({ name: coderRole, copyFrom: 'admin' });
  coder = await t.connect(await t.key(coderRole));
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

const counted = (client: Client, value: string, ms = 0) =>
  client.callTool({ name: 'fixture__counted', arguments: { text: value, ms } }).then(text);

describe('the response cache', () => {
  it('answers a repeated read-only call from the cache, and says so in the audit', async () => {
    const first = await counted(admin, 'hit');
    expect(await counted(admin, 'hit')).toBe(first);
    const [entry] = await t.sb.control.queryAudit({ limit: 1 });
    expect(entry).toMatchObject({ tool: 'fixture__counted', cacheHit: true });
  });

  it('keys on the canonical arguments (key order does not matter)', async () => {
    const a = await admin.callTool({
      name: 'fixture__counted',
      arguments: { text: 'order', ms: 0 },
    });
    const b = await admin.callTool({
      name: 'fixture__counted',
      arguments: { ms: 0, text: 'order' },
    });
    expect(text(b)).toBe(text(a));
  });

  it('expires entries after the TTL', async () => {
    const first = await counted(admin, 'ttl');
    // Real time has to pass here: the cache inside the running gateway reads the wall clock,
    // which fake timers cannot move for it. The expiry logic itself runs on an injected clock
    // in src/main/gateway/pipeline/cache.test.ts; this only proves the endpoint honours the TTL.
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await counted(admin, 'ttl')).not.toBe(first);
  });

  it("drops a server's entries when a write call reaches it", async () => {
    const first = await counted(admin, 'write');
    await admin.callTool({ name: 'fixture__write_note', arguments: { text: 'invalidate' } });
    expect(await counted(admin, 'write')).not.toBe(first);
  });

  it('never shares entries across roles', async () => {
    const adminAnswer = await counted(admin, 'roles');
    expect(await counted(coder, 'roles')).not.toBe(adminAnswer);
  });

  it('coalesces identical concurrent calls into one downstream call', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => counted(admin, 'together', 200)),
    );
    expect(new Set(answers).size).toBe(1);
  });

  it('does not cache write tools', async () => {
    const a = await admin.callTool({ name: 'fixture__write_note', arguments: { text: 'same' } });
    const b = await admin.callTool({ name: 'fixture__write_note', arguments: { text: 'same' } });
    expect(text(b)).not.toBe(text(a));
  });
});
