import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CSV_COLUMNS } from '../src/shared/audit-query.js';
import type { AuditEntry } from '../src/shared/model.js';
import { fixtureStdio, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';

// The audit log read back from disk: pages through the control API and a streamed export
// over HTTP, filtered over the whole log, secrets masked.

const SECRET = 'sk-export-test-0123456789abcdef';
let t: TestSwitchboard;
let token: string;
let agent: Client;

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [
      {
        id: 'fixture',
        transport: { type: 'stdio', ...fixtureStdio(), env: { API_TOKEN: SECRET } },
        secrets: ['API_TOKEN'],
      },
    ],
  });
  token = t.controlToken;
  agent = await t.connect(t.adminKey);
  await agent.callTool({ name: 'fixture__add_tool', arguments: { name: 'twice' } });
  // The same name again: the server answers with an error result.
  await agent.callTool({ name: 'fixture__add_tool', arguments: { name: 'twice' } });
  await agent.callTool({ name: 'fixture__env', arguments: { name: 'API_TOKEN' } });
  for (let i = 0; i < 20; i++) {
    await agent.callTool({ name: 'fixture__echo', arguments: { text: `n${i}` } });
  }
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

const exportUrl = (query: string) => `${t.sb.endpoint.origin}/control/audit-export?${query}`;
const get = (query: string, auth = `Bearer ${token}`) =>
  fetch(exportUrl(query), { headers: { authorization: auth } });

describe('audit export', () => {
  it('streams the filtered lines as JSON Lines, newest first, as a download', async () => {
    const res = await get('format=jsonl&outcome=error');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.jsonl"$/);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ tool: 'fixture__add_tool', outcome: 'error' });
    expect(lines[0]!.result).toContain('tool twice exists');
  });

  it('writes CSV with a header row and masks secrets in results', async () => {
    const res = await get('format=csv&tool=env');
    const text = await res.text();
    const [header, row] = text.split('\r\n');
    expect(header).toBe(AUDIT_CSV_COLUMNS.join(','));
    expect(row).toContain('fixture__env');
    expect(text).not.toContain(SECRET);
    const page = await t.sb.control.queryAuditPage({ tool: 'env', limit: 5 });
    expect(page.entries[0]!.result).toBeDefined();
    expect(page.entries[0]!.result).not.toContain(SECRET);
  });

  it('refuses a bad query and anyone without the control token', async () => {
    const bad = await get('format=xml');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/format/);
    expect((await get('format=csv', `Bearer ${t.adminKey}`)).status).toBe(401);
    expect((await fetch(exportUrl('format=csv'))).status).toBe(401);
  });

  it('pages through the log with a cursor', async () => {
    const first = await t.sb.control.queryAuditPage({ tool: 'echo', limit: 15 });
    expect(first.entries.map((e) => e.argsPreview)).toContain('{"text":"n19"}');
    const second = await t.sb.control.queryAuditPage({
      tool: 'echo',
      limit: 15,
      cursor: first.cursor,
    });
    expect(second.entries).toHaveLength(5);
    expect(second.entries.at(-1)!.argsPreview).toBe('{"text":"n0"}');
    expect(second.cursor).toBeUndefined();
    await expect(
      t.sb.control.queryAuditPage({ cursor: 'not-a-cursor', limit: 1 }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
