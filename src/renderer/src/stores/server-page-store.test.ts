import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ControlApi } from '../../../shared/control';
import { createServerPageStore } from './server-page-store';

// The server page's store against the real control service and a real fixture server (the
// helpers are loaded as in stores.test.ts: Node code the web tsconfig does not follow).
interface RealSwitchboard {
  sb: { control: ControlApi };
  stop(): Promise<void>;
}
const HELPERS = '../../../../test/helpers/';
const SECRET = 'sk-serverpage-0123456789abcdef';

let t: RealSwitchboard;
let stopFixtures: () => Promise<void>;

beforeAll(async () => {
  const { startSwitchboard } = await import(/* @vite-ignore */ `${HELPERS}start-switchboard.ts`);
  const fixtures = await import(/* @vite-ignore */ `${HELPERS}spawn-fixture.ts`);
  stopFixtures = fixtures.stopAllFixtures;
  t = await startSwitchboard({
    servers: [
      {
        id: 'fixture',
        transport: { type: 'stdio', ...fixtures.fixtureStdio(), env: { API_TOKEN: SECRET } },
        secrets: ['API_TOKEN'],
      },
    ],
    roles: [
      {
        name: 'admin',
        description: '',
        rules: [{ pattern: '*', action: 'allow' }],
        exposure: 'all',
        pinned: [],
      },
    ],
  });
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await stopFixtures?.();
});

describe('server page store', () => {
  it('opens a server: its catalog and its stderr', async () => {
    const store = createServerPageStore(t.sb.control);
    await store.getState().open('fixture');
    const { catalog, status, logs } = store.getState();
    expect(status).toBe('ready');
    expect(catalog?.tools.map((tool) => tool.originalName)).toContain('echo');
    expect(logs?.id).toBe('fixture');
  });

  it('reads what the server wrote to stderr, its secret masked', async () => {
    const store = createServerPageStore(t.sb.control);
    await store.getState().open('fixture');
    const answer = await store.getState().tryTool({
      role: 'admin',
      tool: 'fixture__stderr',
      arguments: { text: `tail line with ${SECRET}` },
    });
    expect(answer.isError).toBe(false);
    await vi.waitFor(async () => {
      await store.getState().loadLogs();
      expect(store.getState().logs?.lines.join('\n')).toContain('tail line with ***');
    });
    expect(store.getState().logs?.lines.join('\n')).not.toContain(SECRET);
  });

  it('keeps an unknown server as an error, and drops answers for a page already left', async () => {
    const store = createServerPageStore(t.sb.control);
    await store.getState().open('ghost');
    expect(store.getState()).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/ghost/),
    });
    const leaving = store.getState().open('ghost');
    const opened = store.getState().open('fixture');
    await Promise.all([leaving, opened]);
    expect(store.getState()).toMatchObject({ serverId: 'fixture', status: 'ready' });
  });
});
