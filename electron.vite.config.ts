import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Our own MCP servers (presets web, sqlite/postgres, word, github), built to out/main/servers/
// so the app and `switchboard serve` run plain JavaScript: no TypeScript loader at run time.
const OWN_SERVERS = ['web', 'database', 'office', 'github'];

// main has several entries: `boot` (the app's `main`: compile cache, then the app or the stdio
// bridge), `index` (Electron), `headless` (plain Node, `switchboard serve`) and the servers.
//
// What gets bundled: everything in devDependencies (the SDK, zod, conf, electron-store, …), so
// electron-builder, which ships `dependencies` only, does not copy it into the app a second
// time. `dependencies` stay external: packages with native parts, workers or dynamic requires
// (better-sqlite3, pino, pidusage) and the server packages started as child processes by path.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          boot: resolve(__dirname, 'src/main/boot.ts'),
          index: resolve(__dirname, 'src/main/index.ts'),
          headless: resolve(__dirname, 'src/main/headless.ts'),
          // Loaded by bin/switchboard.cjs and boot before the rest; node:* imports only.
          'code-cache': resolve(__dirname, 'src/main/cli/code-cache.ts'),
          // Runs bundled servers inside the packaged app's utility processes (no RunAsNode).
          'utility-stdio-child': resolve(__dirname, 'src/main/desktop/utility-stdio-child.ts'),
          ...Object.fromEntries(
            OWN_SERVERS.map((name) => [
              `servers/${name}`,
              resolve(__dirname, `servers/${name}/index.ts`),
            ]),
          ),
        },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          chunkFileNames: 'chunks/[name]-[hash].cjs',
          // ASCII-only source: each load reads it as a one-byte string (half the memory, and
          // read, hashed and scanned faster than a two-byte one; see src/main/cli/code-cache.ts).
          charset: 'ascii',
          // Type docs are for editors; the app reads, hashes and scans every byte at each start.
          comments: { jsdoc: false },
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() packages: bundle zod and the contract into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
