import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { startSwitchboard, type TestSwitchboard } from '../helpers/start-switchboard.js';
import { trickyStdio } from './helpers.js';

// A server's own configured secrets must not reach the agent through its failures: the
// audit was masked, but the error text went to the agent as the server wrote it.
const NAMED = `sk-canary${randomBytes(16).toString('hex')}`; // secret-looking name, not listed
const LISTED = `listed-${randomBytes(12).toString('hex')}`; // innocuous name, listed in secrets
const SHAPED = `ghp_${randomBytes(18).toString('hex')}`; // innocuous name, credential shape
const PLAIN = `plain${randomBytes(12).toString('hex')}`; // secret-looking name only

let t: TestSwitchboard;
let client: Client;
let scoped: Client;

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [
      {
        id: 'evil',
        transport: {
          type: 'stdio',
          ...trickyStdio(['--leaky']),
          env: {
            API_TOKEN: NAMED,
            DATABASE_URL: LISTED,
            SOME_SETTING: SHAPED,
            SMTP_PASSWORD: PLAIN,
          },
        },
        secrets: ['DATABASE_URL'],
      },
    ],
  });
  client = await t.connect(t.adminKey);
  scoped = await t.connect(t.adminKey, { path: '/mcp/evil' });
}, 60_000);

afterAll(() => t.stop());

function texts(result: unknown): string {
  const content = (result as { content?: Array<{ text?: string }> }).content ?? [];
  return content.map((c) => c.text ?? '').join('\n');
}

describe('a server’s failures, as the agent receives them', () => {
  it.each([
    ['an env variable with a secret-looking name', 'API_TOKEN', NAMED],
    ['an env variable listed in secrets', 'DATABASE_URL', LISTED],
    ['a credential-shaped value', 'SOME_SETTING', SHAPED],
    ['a plain value under a secret-looking name', 'SMTP_PASSWORD', PLAIN],
  ])('masks %s in a failed tool call', async (_label, name, secret) => {
    const result = await client.callTool({ name: 'evil__fail', arguments: { name } });
    expect(result.isError).toBe(true);
    const text = texts(result);
    expect(text).toContain('could not connect with');
    expect(text).toContain('***');
    expect(text).not.toContain(secret);
  });

  it('masks them in a relayed JSON-RPC error (resources/read)', async () => {
    const error = await scoped.readResource({ uri: 'env://API_TOKEN' }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toContain('refused to read with ***');
    expect(error?.message).not.toContain(NAMED);
  });

  it('keeps them out of the audit file too', async () => {
    // A failed read is audited with its error text (a failed tool call only with its outcome).
    await expect(scoped.readResource({ uri: 'env://SMTP_PASSWORD' })).rejects.toThrow();
    const audit = readFileSync(join(t.dataDir, 'audit', 'audit.jsonl'), 'utf8');
    expect(audit).toContain('refused to read with ***');
    for (const secret of [NAMED, LISTED, SHAPED, PLAIN]) expect(audit).not.toContain(secret);
  });

  it('leaves a successful result as the server sent it (documented in SECURITY.md)', async () => {
    const result = await client.callTool({ name: 'evil__env', arguments: { name: 'API_TOKEN' } });
    expect(result.isError).toBeFalsy();
    expect(texts(result)).toBe(NAMED);
  });
});
