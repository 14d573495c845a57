import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureStdio, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';

// A launcher port: the packaged app starts bundled servers in Electron utility processes
// and hands the gateway the process; the gateway speaks MCP over it with ProcessTransport.
// Here the launcher is plain child_process.spawn, so the transport runs against a real server.

let t: TestSwitchboard;
const launched: string[] = [];

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [
      {
        id: 'launched',
        transport: { type: 'stdio', ...fixtureStdio(['--name', 'launched']), env: {} },
      },
    ],
    launcher: (command, args, env, cwd) => {
      launched.push(command);
      return spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    },
  });
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

describe('a launched stdio server', () => {
  it('is started by the launcher and served over its pipes', async () => {
    expect(launched.length).toBeGreaterThan(0);
    const agent = await t.connect(t.adminKey);
    expect(
      text(await agent.callTool({ name: 'launched__echo', arguments: { text: 'via launcher' } })),
    ).toBe('echo: via launcher');
    expect(t.sb.gateway.status('launched')?.pid).toBeGreaterThan(0);
  });

  it('passes progress through and restarts after a crash', async () => {
    const agent = await t.connect(t.adminKey);
    const progress: number[] = [];
    await agent.callTool({ name: 'launched__slow', arguments: { ms: 300, steps: 3 } }, {
      onprogress: (p: { progress: number }) => progress.push(p.progress),
    } as never);
    expect(progress).toEqual([1, 2, 3]);
    const crashed = await agent.callTool({ name: 'launched__crash', arguments: {} });
    expect(crashed.isError).toBe(true);
    await expect
      .poll(() => t.sb.gateway.status('launched')?.state, { timeout: 20_000 })
      .toBe('ready');
    expect(
      text(await agent.callTool({ name: 'launched__echo', arguments: { text: 'back' } })),
    ).toBe('echo: back');
  });
});
