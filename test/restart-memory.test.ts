import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSwitchboard } from '../src/main/compose.js';
import { createFileConfigStore, defaultConfig } from '../src/main/gateway/config.js';
import { silentLogger } from '../src/main/gateway/logger.js';
import { plainSecretStore } from '../src/main/gateway/ports.js';
import { ConfigSchema } from '../src/shared/model.js';
import { everythingStdio, fixtureStdio, stopAllFixtures } from './helpers/spawn-fixture.js';

// What the gateway remembers between runs (#4 start-up time): each server's protocol era, so a
// restart adopts it instead of spawning a probe process per stdio server.

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-memory-'));
afterAll(async () => {
  await stopAllFixtures();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('restart memory', () => {
  it("remembers each server's era and adopts it on the next start", async () => {
    const store = createFileConfigStore(dataDir);
    const servers = [
      { id: 'modern', transport: { type: 'stdio', ...fixtureStdio() } },
      { id: 'legacy', transport: { type: 'stdio', ...everythingStdio() } },
    ];
    store.save(ConfigSchema.parse({ ...defaultConfig(dataDir), servers }));
    const versions: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const sb = await createSwitchboard({
        dataDir,
        store,
        secrets: plainSecretStore,
        logger: silentLogger,
        port: 0,
      });
      versions.push(sb.gateway.statuses().map((s) => `${s.id}:${s.state}:${s.protocolVersion}`));
      await sb.stop();
    }
    expect(versions[1]).toEqual(versions[0]);
    const memory = JSON.parse(readFileSync(join(dataDir, 'catalog-cache.json'), 'utf8'));
    expect(memory.modern.prior.value.kind).toBe('modern');
    expect(memory.legacy.prior.value.kind).toBe('legacy');
  });

  it('speaks the era a server is configured with, whatever was remembered', async () => {
    const store = createFileConfigStore(dataDir);
    const config = store.load().config;
    store.save({
      ...config,
      servers: config.servers.map((s) => (s.id === 'modern' ? { ...s, era: '2025' as const } : s)),
    });
    const sb = await createSwitchboard({
      dataDir,
      store,
      secrets: plainSecretStore,
      logger: silentLogger,
      port: 0,
    });
    expect(sb.gateway.status('modern')?.protocolVersion).not.toBe('2026-07-28');
    expect(sb.gateway.status('modern')?.state).toBe('ready');
    await sb.stop();
  });
});
