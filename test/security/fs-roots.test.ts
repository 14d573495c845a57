import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { filesystemStdio } from '../helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from '../helpers/start-switchboard.js';

// The official filesystem server, behind the real endpoint: a path that leaves its folder
// through a link is refused by the gateway before the server is asked, with a result that
// names the rule (the server has its own check, but a folder swapped for a link while it
// works got 37 of 300 writes out of the root; the gateway's check runs at call time too).

const base = realpathSync(mkdtempSync(join(tmpdir(), 'switchboard-fsroots-')));
const root = join(base, 'root');
const outside = join(base, 'outside');
let t: TestSwitchboard;
let agent: Client;

beforeAll(async () => {
  mkdirSync(root);
  mkdirSync(outside);
  symlinkSync(outside, join(root, 'swapped'));
  t = await startSwitchboard({
    servers: [{ id: 'files', transport: { type: 'stdio', ...filesystemStdio(root) } }],
  });
  agent = await t.connect(t.adminKey);
}, 60_000);
afterAll(async () => {
  await t.stop();
  rmSync(base, { recursive: true, force: true });
});

const text = (result: unknown) =>
  ((result as { content: Array<{ text?: string }> }).content[0]?.text ?? '').toString();

describe('filesystem servers’ roots, checked by the gateway', () => {
  it('lets a write inside the folder through', async () => {
    const result = await agent.callTool({
      name: 'files__write_file',
      arguments: { path: join(root, 'inside.txt'), content: 'fine' },
    });
    expect(result.isError).toBeFalsy();
    expect(readFileSync(join(root, 'inside.txt'), 'utf8')).toBe('fine');
  });

  it.each([
    ['write_file', { path: join(root, 'swapped', 'escaped.txt'), content: 'x' }],
    ['move_file', { source: join(root, 'inside.txt'), destination: join(outside, 'moved.txt') }],
    ['read_multiple_files', { paths: [join(root, 'inside.txt'), join(root, 'swapped')] }],
  ])('refuses %s through a link out of the folder, naming the rule', async (tool, args) => {
    const result = await agent.callTool({ name: `files__${tool}`, arguments: args });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^Denied by Switchboard \(rule: filesystem roots\)/);
    expect(existsSync(join(outside, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(outside, 'moved.txt'))).toBe(false);
  });

  it('audits the refusal as a denial', async () => {
    const [entry] = await t.sb.control.queryAudit({ limit: 1 });
    expect(entry).toMatchObject({ outcome: 'denied', decidedBy: 'rule' });
  });
});
