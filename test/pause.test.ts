import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createSwitchboard } from '../src/main/compose.js';
import { createFileConfigStore } from '../src/main/gateway/config/config.js';
import { silentLogger } from '../src/main/gateway/observe/logger.js';
import { plainSecretStore } from '../src/main/gateway/ports.js';
import { fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';

// "Pause all agents" is gateway state: agent calls are refused while it holds, /health says so,
// and a restart keeps it, so a crash or a reboot does not resume what a person stopped.

afterAll(stopAllFixtures);

const health = async (origin: string) =>
  (await (await fetch(`${origin}/health`)).json()) as { paused: boolean };

describe('pausing the gateway', () => {
  it('refuses agent calls, shows in /health and outlives a restart', async () => {
    const t = await startSwitchboard({
      servers: [{ id: 'fixture', transport: fixtureTransport() }],
    });
    const agent = await t.connect(await t.key('admin'));
    const call = () => agent.callTool({ name: 'fixture__echo', arguments: { text: 'hi' } });
    expect(text(await call())).toContain('hi');
    expect((await health(t.sb.endpoint.origin)).paused).toBe(false);

    await t.sb.control.setPaused({ paused: true });
    expect((await health(t.sb.endpoint.origin)).paused).toBe(true);
    const refused = await call();
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/Switchboard is paused/);
    await agent.close();
    await t.sb.stop();

    // The same data directory, started again: still paused, until a person resumes.
    const again = await createSwitchboard({
      dataDir: t.dataDir,
      store: createFileConfigStore(t.dataDir),
      secrets: plainSecretStore,
      logger: silentLogger,
      port: 0,
    });
    try {
      expect((await again.control.getOverview()).paused).toBe(true);
      expect((await health(again.endpoint.origin)).paused).toBe(true);
      const events: string[] = [];
      const unsubscribe = again.control.subscribe((event) => events.push(event.type));
      await again.control.setPaused({ paused: false });
      unsubscribe();
      expect(events).toContain('pausedChanged');
      expect((await health(again.endpoint.origin)).paused).toBe(false);
    } finally {
      await again.stop();
      rmSync(t.dataDir, { recursive: true, force: true });
    }
  });
});
