#!/usr/bin/env node
// The `switchboard` command: runs the built headless entry (out/main/headless.js).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'headless.js');
if (!existsSync(entry)) {
  process.stderr.write('switchboard: not built yet. Run `npm run build` (or `npm start`) first.\n');
  process.exit(1);
}
await import(pathToFileURL(entry).href);
