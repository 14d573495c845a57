import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BRIDGE_FLAG } from '../shared/bridge-flag.js';
import type { enableCodeCache } from './cli/code-cache.js';

/*
 * The app's `main` (package.json): turns the code cache on, then loads the app (index.cjs), or,
 * when started with BRIDGE_FLAG, the stdio bridge (headless.cjs `connect`). Claude Desktop starts
 * the bridge this way because the packaged app has no `node` beside it and its RunAsNode fuse is
 * off. The other entries are loaded by path at run time, so nothing of them is compiled before
 * the cache is on; this file imports node:* and a constant only.
 */
const here = dirname(fileURLToPath(import.meta.url));
const load = createRequire(import.meta.url);
const codeCache = load(join(here, 'code-cache.cjs')) as { enableCodeCache: typeof enableCodeCache };
codeCache.enableCodeCache(here);

const at = process.argv.indexOf(BRIDGE_FLAG);
if (at === -1) {
  load(join(here, 'index.cjs'));
} else {
  // headless.cjs reads its command from argv[2…], as when run as `switchboard connect …`.
  process.argv = [process.execPath, 'switchboard', ...process.argv.slice(at + 1)];
  load(join(here, 'headless.cjs'));
}
