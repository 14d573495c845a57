#!/usr/bin/env node
// The `switchboard` command: runs the built headless entry (out/main/headless.cjs), with the V8
// code cache on (out/main/code-cache.cjs; see src/main/cli/code-cache.ts). CommonJS, so that a
// start does not set up Node's ES module loader first (about 8 ms of every command and bridge).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const out = join(__dirname, '..', 'out', 'main');
const entry = join(out, 'headless.cjs');
if (!existsSync(entry)) {
  process.stderr.write('switchboard: not built yet. Run `npm run build` (or `npm start`) first.\n');
  process.exit(1);
}
require(join(out, 'code-cache.cjs')).enableCodeCache(out);
require(entry);
