import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const BUNDLED_DEPS = [
  '@modelcontextprotocol/client',
  '@modelcontextprotocol/server',
  '@modelcontextprotocol/node',
  'zod',
  'conf',
  'prom-client',
  'minisearch',
  'lru-cache',
];

// main has two entries: `index` (Electron) and `headless` (plain Node, `switchboard serve`).
export default defineConfig({
  main: {
    build: {
      // Start-up time is a product feature (#4): bundling the SDK, zod and the other pure-JS
      // packages the gateway imports saves module resolution on every start. Packages with
      // native parts, workers or dynamic requires (pino, pidusage, better-sqlite3) stay external.
      externalizeDeps: { exclude: BUNDLED_DEPS },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          headless: resolve(__dirname, 'src/main/headless.ts'),
          // Loaded by bin/switchboard.mjs before the headless entry; node:* imports only.
          'code-cache': resolve(__dirname, 'src/main/cli/code-cache.ts'),
          // Runs bundled servers inside the packaged app's utility processes (no RunAsNode).
          'utility-stdio-child': resolve(__dirname, 'src/main/desktop/utility-stdio-child.ts'),
        },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          chunkFileNames: 'chunks/[name]-[hash].cjs',
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
