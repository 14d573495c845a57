import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ServerLists } from '../src/main/gateway/catalog/catalog.js';
import type { CatalogCache } from '../src/main/gateway/catalog/catalog-memory.js';
import { PinStore } from '../src/main/gateway/catalog/pinning.js';
import { ToolReview } from '../src/main/gateway/catalog/review.js';
import {
  createShippedLists,
  packageKey,
  type ShippedListsFile,
} from '../src/main/gateway/catalog/shipped-lists.js';
import { Gateway } from '../src/main/gateway/gateway.js';
import { silentLogger } from '../src/main/gateway/observe/logger.js';
import { spawnLauncher, type StdioLauncher } from '../src/main/gateway/upstream/stdio-launch.js';
import { SHIPPED_FILE, configWith, listLive, presetServers } from '../scripts/shipped-lists.js';
import { descendants, stopChild } from './helpers/serve-process.js';

// The lists shipped for the presets' packages (resources/shipped-lists.json) against the real
// servers as installed: a package upgrade that changes a list fails here until
// `npm run shipped-lists` wrote them again.

const dir = mkdtempSync(join(tmpdir(), 'switchboard-shipped-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shipped = (JSON.parse(readFileSync(SHIPPED_FILE, 'utf8')) as ShippedListsFile).lists;

describe('shipped lists', () => {
  it('equal what each installed preset package lists', async () => {
    const servers = presetServers(join(dir, 'live'));
    const live = await listLive(join(dir, 'live'), servers);
    for (const server of servers) {
      const key = packageKey(server)!;
      expect(shipped[key], `no shipped list for ${key}: run npm run shipped-lists`).toBeDefined();
      expect(live.get(server.id), `${key} lists otherwise: run npm run shipped-lists`).toEqual(
        shipped[key],
      );
    }
  });

  it.skipIf(process.platform === 'win32')(
    'list every tool on a fresh data dir before any server has started',
    async () => {
      const dataDir = join(dir, 'fresh');
      // Kept warm so each boots now rather than sleeping until its first call.
      const servers = presetServers(dataDir).map((s) => ({ ...s, keepWarm: true }));
      // Each server is held stopped from its spawn until the catalog has been checked.
      const held: number[] = [];
      const holding: StdioLauncher = (command, args, env, cwd) => {
        const child = spawnLauncher(command, args, env, cwd);
        if (child?.pid) {
          process.kill(child.pid, 'SIGSTOP');
          held.push(child.pid);
        }
        return child;
      };
      const saved = new Map<string, ServerLists>();
      const memory: CatalogCache = {
        load: () => undefined,
        save: (id, lists) => void saved.set(id, lists),
      };
      const review = new ToolReview(new PinStore(join(dataDir, 'pins.json')));
      const gateway = new Gateway(
        configWith(dataDir, servers),
        silentLogger,
        memory,
        holding,
        review,
      );
      gateway.shippedLists = createShippedLists(SHIPPED_FILE);
      const started = gateway.start();
      try {
        const expected = servers.flatMap((s) =>
          shipped[packageKey(s)!]!.tools.map((t) => `${s.id}:${t.name}`),
        );
        await vi.waitFor(() => {
          const listed = servers.flatMap((s) =>
            gateway.catalog.toolsOf(s.id).map((t) => `${s.id}:${t.original.name}`),
          );
          expect(listed).toEqual(expected);
        });
        expect(review.changes()).toEqual([]);
        for (const s of servers) expect(gateway.status(s.id)?.state).toBe('starting');

        // Let them run: each lists what was shipped, which is then remembered as its own.
        const resume = () => held.splice(0).forEach((pid) => process.kill(pid, 'SIGCONT'));
        const resuming = setInterval(resume, 20);
        try {
          await started;
        } finally {
          clearInterval(resuming);
          resume();
        }
        await vi.waitFor(
          () => expect([...saved.keys()].sort()).toEqual(servers.map((s) => s.id).sort()),
          {
            timeout: 20_000,
          },
        );
        for (const s of servers) {
          expect(gateway.status(s.id)?.state).toBe('ready');
          expect(saved.get(s.id)).toEqual(shipped[packageKey(s)!]);
        }
      } finally {
        await gateway.stop();
      }
    },
    60_000,
  );

  const BIN = join(import.meta.dirname, '../bin/switchboard.cjs');
  it.skipIf(!existsSync(join(import.meta.dirname, '../out/main/headless.cjs')))(
    'the built serve lists them on a fresh data dir and still starts its servers',
    async () => {
      const dataDir = join(dir, 'serve');
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const servers = presetServers(dataDir);
      writeFileSync(join(dataDir, 'config.json'), JSON.stringify(configWith(dataDir, servers)), {
        mode: 0o600,
      });
      const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--port', '0'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
          createInterface({ input: child.stdout! }).on('line', (line) => {
            const match = /^Switchboard ready: MCP endpoint (\S+)$/.exec(line);
            if (match) resolve(match[1]!);
          });
        });
        const key = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
        const client = new Client({ name: 'shipped-lists-test', version: '1.0.0' });
        await client.connect(
          new StreamableHTTPClientTransport(new URL(url), {
            requestInit: { headers: { authorization: `Bearer ${key}` } },
          }),
        );
        try {
          const { tools } = await client.listTools();
          const expected = servers.flatMap((s) =>
            shipped[packageKey(s)!]!.tools.map((t) => `${s.id}__${t.name}`),
          );
          expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(expected));
          // Shipped lists are the package's, not yet this configuration's: each server starts
          // anyway, so a wrong setting shows as its down reason now, and then sleeps when quiet.
          await vi.waitFor(() => expect(descendants(child.pid!).length).toBeGreaterThan(0), {
            timeout: 30_000,
          });
        } finally {
          await client.close();
        }
      } finally {
        // Waited for: serve stops its servers before it exits, and until then they may still
        // write into the data dir that afterAll removes.
        await stopChild(child);
      }
    },
    60_000,
  );
});
