import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSwitchboard, type Switchboard } from '../src/main/compose.js';
import { createFileConfigStore } from '../src/main/gateway/config/config.js';
import { plainSecretStore, type Logger } from '../src/main/gateway/ports.js';

// With both config files corrupt, Switchboard starts on the default config and says what that
// cost — the old agent keys, the old admin key — and where the old files went, on screen
// (warnings) and in the log.

let dataDir: string | undefined;
let sb: Switchboard | undefined;
afterEach(async () => {
  await sb?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function capturingLogger(lines: string[]): Logger {
  const log = (...args: unknown[]) => {
    lines.push(args.filter((a) => typeof a === 'string').join(' '));
  };
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

describe('recovery from two corrupt config files', () => {
  it('says the old keys are gone and where the old files and admin key went', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-recovery-'));
    writeFileSync(join(dataDir, 'config.json'), '{ not json', { mode: 0o600 });
    writeFileSync(join(dataDir, 'config.last-good.json'), '{"version":"x"}', { mode: 0o600 });
    writeFileSync(join(dataDir, 'admin-key.txt'), 'sb_the-old-admin-key\n', { mode: 0o600 });
    const logged: string[] = [];
    sb = await createSwitchboard({
      dataDir,
      store: createFileConfigStore(dataDir),
      secrets: plainSecretStore,
      logger: capturingLogger(logged),
      port: 0,
    });
    const said = sb.warnings.join('\n');
    expect(said).toContain('agent keys are not in use, every agent needs a new key');
    expect(said).toMatch(/moved to config\.last-good-corrupt-[^ ]+\.json/);
    expect(said).toMatch(
      /old admin-key\.txt \(no longer valid\) was moved to admin-key\.replaced-/,
    );
    for (const warning of sb.warnings) expect(logged).toContain(warning);

    const files = readdirSync(dataDir);
    const aside = files.find((f) => f.startsWith('admin-key.replaced-'))!;
    expect(readFileSync(join(dataDir, aside), 'utf8')).toBe('sb_the-old-admin-key\n');
    expect(files.some((f) => f.startsWith('config.last-good-corrupt-'))).toBe(true);
    expect(existsSync(join(dataDir, 'admin-key.txt'))).toBe(true);
    expect(readFileSync(join(dataDir, 'admin-key.txt'), 'utf8')).not.toContain('the-old-admin');
  }, 60_000);
});
