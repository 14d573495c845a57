import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSwitchboard, type TestSwitchboard } from '../helpers/start-switchboard.js';
import { LOOKALIKE_NAMES } from './fixtures/tricky-names.js';
import { trickyServer } from './helpers.js';

// Escalation: a lower role reaching a higher role's tool directly, through the meta tool
// and through names that look like a permitted one (Cyrillic, zero-width, case variants).

const ROLES = [
  { name: 'admin', rules: [{ pattern: '*', action: 'allow' as const }] },
  {
    name: 'reader',
    exposure: 'focused' as const,
    pinned: ['tricky__echo'],
    rules: [
      { pattern: 'tricky__echo', action: 'allow' as const },
      { pattern: '*', action: 'deny' as const },
    ],
  },
];

let t: TestSwitchboard;
let reader: Client;
let admin: Client;

beforeAll(async () => {
  t = await startSwitchboard({ servers: [trickyServer(['--lookalikes'])], roles: ROLES });
  reader = await t.connect(await t.key('reader'));
  admin = await t.connect(t.adminKey);
});
afterAll(() => t.stop());

/** The text of a call's result, or of the error it threw. */
async function attempt(client: Client, name: string, args: Record<string, unknown> = {}) {
  try {
    const result = await client.callTool({ name, arguments: args });
    const text = (result.content as { type: string; text?: string }[])
      .map((c) => c.text ?? '')
      .join('');
    return { isError: result.isError === true, text };
  } catch (error) {
    return { isError: true, text: (error as Error).message };
  }
}

describe('a lower role and a higher role’s tool', () => {
  it('reader does not see admin_reset, in tools/list or find_tools', async () => {
    const names = (await reader.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain('tricky__admin_reset');
    const found = await attempt(reader, 'switchboard__find_tools', { query: 'reset everything' });
    expect(found.text).not.toContain('admin_reset');
  });

  it('a direct call is denied, and the server never runs it', async () => {
    const result = await attempt(reader, 'tricky__admin_reset');
    expect(result.isError).toBe(true);
    expect(result.text).not.toContain('reset done');
  });

  it('a call through switchboard__call_tool is denied the same way', async () => {
    const result = await attempt(reader, 'switchboard__call_tool', {
      name: 'tricky__admin_reset',
      arguments: {},
    });
    expect(result.isError).toBe(true);
    expect(result.text).not.toContain('reset done');
    // Nesting the meta tool in itself does not help either.
    const nested = await attempt(reader, 'switchboard__call_tool', {
      name: 'switchboard__call_tool',
      arguments: { name: 'tricky__admin_reset', arguments: {} },
    });
    expect(nested.text).not.toContain('reset done');
  });

  it('the permitted tool still works for reader, directly and through the meta tool', async () => {
    expect((await attempt(reader, 'tricky__echo', { text: 'ok' })).text).toBe('echo: ok');
    const viaMeta = await attempt(reader, 'switchboard__call_tool', {
      name: 'tricky__echo',
      arguments: { text: 'ok' },
    });
    expect(viaMeta.text).toBe('echo: ok');
  });

  it('reader cannot reach admin_reset on the per-server path either', async () => {
    const scoped = await t.connect(await t.key('reader'), { path: '/mcp/tricky' });
    const names = (await scoped.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain('admin_reset');
    expect((await attempt(scoped, 'admin_reset')).text).not.toContain('reset done');
  });
});

describe('look-alike and case-variant names', () => {
  it('refuses the Cyrillic, zero-width and case-twin names: listed to no one', async () => {
    const names = (await admin.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('tricky__echo');
    for (const name of LOOKALIKE_NAMES) {
      expect(names).not.toContain(`tricky__${name}`);
    }
    // The refusal is reported, not silent.
    const status = t.sb.gateway.status('tricky');
    expect(status?.lastError ?? '').toMatch(/look-alike|case/);
  });

  it('a call by a look-alike or case-variant name never reaches a tool', async () => {
    const attempts = [
      ...LOOKALIKE_NAMES.map((name) => `tricky__${name}`),
      'TRICKY__ECHO',
      'tricky__Echo',
      'Tricky__echo',
      'tricky__echo\u200b',
      'tricky__\u0435cho',
      'tricky__echo ',
      'tricky__ECHO',
    ];
    for (const client of [reader, admin]) {
      for (const name of attempts) {
        const result = await attempt(client, name, { text: 'x' });
        expect(result.isError, JSON.stringify(name)).toBe(true);
        expect(result.text).not.toMatch(/^echo: |called /);
      }
    }
  });

  it('reader’s allow rule does not stretch to a case variant through the meta tool', async () => {
    for (const name of ['tricky__Read_Data', 'tricky__read_data', 'TRICKY__ADMIN_RESET']) {
      const result = await attempt(reader, 'switchboard__call_tool', { name, arguments: {} });
      expect(result.isError, name).toBe(true);
      expect(result.text).not.toMatch(/called |reset done/);
    }
  });
});
