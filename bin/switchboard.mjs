#!/usr/bin/env node
// The `switchboard` command: runs the built headless entry (out/main/headless.cjs), with the V8
// code cache on (out/main/code-cache.cjs; see src/main/cli/code-cache.ts).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main');
const entry = join(out, 'headless.cjs');
if (!existsSync(entry)) {
  process.stderr.write('switchboard: not built yet. Run `npm run build` (or `npm start`) first.\n');
  process.exit(1);
}
const require = createRequire(import.meta.url);
require(join(out, 'code-cache.cjs')).enableCodeCache(out);
require(entry);
