import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BRIDGE_FLAG } from '../src/shared/bridge-flag.js';
import { ROOT } from './helpers/stage-app.js';

/*
 * out/main/boot.cjs, the app's `main`, under plain Node (Electron's main process is Node too):
 * with the bridge flag it runs the headless commands, after turning the code cache on. The
 * Electron branch (index.cjs) needs Electron and is covered by e2e/desktop.spec.ts.
 */

let cacheDir: string | undefined;
afterEach(() => {
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

describe('boot.cjs', () => {
  it('runs the headless command after the flag, with the code cache on', () => {
    const boot = join(ROOT, 'out/main/boot.cjs');
    if (!existsSync(boot)) throw new Error('out/ is not built: run `npm run build` first');
    cacheDir = join(mkdtempSync(join(tmpdir(), 'sb-boot-')), 'v8');
    const env: NodeJS.ProcessEnv = { ...process.env, SWITCHBOARD_CODE_CACHE_DIR: cacheDir };
    delete env.SWITCHBOARD_CODE_CACHE;
    const run = () =>
      execFileSync(process.execPath, [boot, BRIDGE_FLAG, 'version'], { env, encoding: 'utf8' });
    expect(run().trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // Written at exit (Node 20: one file per compiled bundle file; Node ≥ 22.1: Node's own).
    expect(readdirSync(cacheDir).length).toBeGreaterThan(0);
    expect(run().trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
