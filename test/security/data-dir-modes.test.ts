import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSwitchboard, type Switchboard } from '../../src/main/compose.js';
import { createFileConfigStore } from '../../src/main/gateway/config/config.js';
import { defaultConfig } from '../../src/main/gateway/config/default-config.js';
import { silentLogger } from '../../src/main/gateway/observe/logger.js';
import { plainSecretStore, type Logger } from '../../src/main/gateway/ports.js';

// Files the gateway writes are 0600, but a config.json copied in or restored from a backup
// keeps its mode: a 0666 config (secrets, key hashes) must be tightened at start, and said.

const dirs: string[] = [];
let sb: Switchboard | undefined;
afterAll(async () => {
  await sb?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(process.platform !== 'win32')('loose modes in the data directory', () => {
  it('are tightened at start, with a log line per file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-modes-'));
    dirs.push(dataDir);
    const store = createFileConfigStore(dataDir);
    store.save({ ...defaultConfig(dataDir), servers: [] });
    writeFileSync(join(dataDir, 'control-token'), 'x'.repeat(64));
    chmodSync(join(dataDir, 'config.json'), 0o666);
    chmodSync(join(dataDir, 'control-token'), 0o644);
    chmodSync(dataDir, 0o755);
    const warned: string[] = [];
    const logger: Logger = {
      ...silentLogger,
      warn: (...args: unknown[]) => void warned.push(args.map(String).join(' ')),
      child: () => logger,
    };

    sb = await createSwitchboard({
      dataDir,
      store,
      secrets: plainSecretStore,
      logger,
      port: 0,
    });

    expect(statSync(join(dataDir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'control-token')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(warned).toContain(`tightened ${join(dataDir, 'config.json')} from 0666 to 0600`);
    expect(warned).toContain(`tightened ${join(dataDir, 'control-token')} from 0644 to 0600`);
    expect(warned).toContain(`tightened ${dataDir} from 0755 to 0700`);
  });
});
