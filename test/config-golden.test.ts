import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFileConfigStore } from '../src/main/gateway/config/config.js';
import { parseConfig } from '../src/main/gateway/config/migrations.js';
import {
  loadMcpServersFile,
  serversFromMcpServers,
} from '../src/main/gateway/config/mcp-servers-file.js';

/**
 * Golden tests (agentgateway's pattern): each fixture in test/fixtures/configs is normalised the
 * way the gateway reads it, and the result is pinned in test/__snapshots__/config-golden/.
 * Run `npx vitest run test/config-golden.test.ts -u` after an intended change and review the diff.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures', 'configs');
const snapshot = (name: string): string => path.join(here, '__snapshots__', 'config-golden', name);
const pretty = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function normalise(text: string): unknown {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
  return parseConfig(raw);
}

describe('config fixtures, normalised', () => {
  it.each(['valid.json', 'v0.json', 'v0-servers.json', 'corrupt.json'])('%s', async (name) => {
    const text = await readFile(path.join(fixtures, name), 'utf8');
    await expect(pretty(normalise(text))).toMatchFileSnapshot(snapshot(name));
  });

  it('claude-desktop.json imports as servers', async () => {
    const file = loadMcpServersFile(path.join(fixtures, 'claude-desktop.json'));
    await expect(pretty(serversFromMcpServers(file))).toMatchFileSnapshot(
      snapshot('claude-desktop.servers.json'),
    );
  });

  it('corrupt.json in a data folder is moved aside and reported', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sb-golden-'));
    try {
      await writeFile(
        path.join(dir, 'config.json'),
        await readFile(path.join(fixtures, 'corrupt.json')),
      );
      const store = createFileConfigStore(dir, {
        clock: { now: () => Date.parse('2026-01-02T03:04:05.678Z') },
        resolve: { node: () => '<node>', bin: (pkg) => `<bin:${pkg}>` },
      });
      const result = store.load();
      const outcome = {
        warnings: result.warnings.map((w) => w.split(dir).join('<dataDir>')),
        created: result.created,
        servers: result.config.servers.map((s) => s.id),
        files: (await readdir(dir)).sort(),
      };
      await expect(pretty(outcome)).toMatchFileSnapshot(snapshot('corrupt.load.json'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
