import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { createPackageWithOptions, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBuilderConfig, type AppFile } from '../scripts/app-files.mjs';
import { planAppLaunch } from '../src/main/desktop/app-launch.js';
import { allPresets, instantiatePreset, type Preset } from '../src/main/setup/presets.js';
import { ROOT, hostAppFiles, stageFiles } from './helpers/stage-app.js';

/*
 * What electron-builder ships, checked without electron-builder or Electron: the file set its
 * `files` rules, production node_modules and `asarUnpack` (electron-builder.yml) make, packed
 * with @electron/asar as it does. Every file the app's main, the launcher and each preset name
 * must be in it, nothing in it may be TypeScript, and what must run outside the archive (native
 * addons, executables) must be unpacked. test/packaged-gateway.test.ts runs the same set.
 */

const posix = (path: string) => path.split(sep).join('/');

let files: AppFile[];
let byPath: Map<string, AppFile>;
let work: string;

beforeAll(() => {
  files = hostAppFiles();
  byPath = new Map(files.map((f) => [f.rel, f]));
  work = mkdtempSync(join(tmpdir(), 'switchboard-packaging-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * The packages the built main code requires from node_modules: `plain` as its chunks load,
 * `lazy` on first use (through createRequire). Vite left them external; the app ships them.
 */
function externalPackages(appFiles: AppFile[]): { plain: Set<string>; lazy: Set<string> } {
  const builtins = new Set(builtinModules);
  const plain = new Set<string>();
  const lazy = new Set<string>();
  const packageOf = (spec: string) =>
    spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
  const external = (spec: string) =>
    !spec.startsWith('.') && !spec.startsWith('node:') && !builtins.has(packageOf(spec));
  for (const f of appFiles.filter((x) => /^out\/main\/.*\.cjs$/.test(x.rel))) {
    const code = readFileSync(f.full, 'utf8');
    // Not in a template literal: ajv's code generator writes require() calls as text. Packages
    // loaded on first use go through createRequire(import.meta.url), built as
    // `createRequire)(…pathToFileURL(__filename).href)("name")`.
    for (const [, spec] of code.matchAll(/(?<![`\w.])require\("([^"]+)"\)/g)) {
      if (external(spec!)) plain.add(packageOf(spec!));
    }
    const onFirstUse =
      /createRequire\)\([^;()]*\([^;()]*\)\.pathToFileURL\(__filename\)\.href\)\("([^"]+)"\)/g;
    for (const [, spec] of code.matchAll(onFirstUse)) {
      if (external(spec!)) lazy.add(packageOf(spec!));
    }
  }
  // The runtime itself.
  plain.delete('electron');
  return { plain, lazy };
}

/** The absolute paths under the project a server config names (command, args, cwd). */
function projectPaths(transport: { command?: string; args?: string[]; cwd?: string }): string[] {
  const words = [transport.command ?? '', ...(transport.args ?? []), transport.cwd ?? ''];
  return words
    .map((word) => word.replace(/^--[\w-]+=/, ''))
    .filter((word) => word.startsWith(ROOT + sep) || word.startsWith(`${ROOT}/`))
    .map((word) => posix(relative(ROOT, word)));
}

function valuesFor(preset: Preset): Record<string, string> {
  const required = preset.fields.filter((f) => f.required && !f.default);
  return Object.fromEntries(
    required.map((f) => [f.key, f.kind === 'url' ? 'postgres://u@127.0.0.1/db' : work]),
  );
}

/** electron-builder's own check of its configuration (the one `npm run dist` runs first). */
const { validateConfiguration } = createRequire(join(ROOT, 'package.json'))(
  join(ROOT, 'node_modules/app-builder-lib/out/util/config/config.js'),
) as {
  validateConfiguration(config: unknown, log: { isEnabled: boolean; add(): void }): Promise<void>;
};

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema", async () => {
    const log = { isEnabled: false, add: () => {} };
    await expect(validateConfiguration(readBuilderConfig(), log)).resolves.toBeUndefined();
    const misspelt = { ...readBuilderConfig(), asarUnpak: ['**/*.node'] };
    await expect(validateConfiguration(misspelt, log)).rejects.toThrow(/configuration object/);
  });

  it('rebuilds native addons for Electron and unpacks them and the executables', () => {
    const config = readBuilderConfig();
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    // The bridge does not need ELECTRON_RUN_AS_NODE: the app binary runs it with a flag.
    expect(config.electronFuses?.runAsNode).toBe(false);
  });
});

describe('the app file set', () => {
  it('holds the main entry and everything it and the launcher load by path', () => {
    for (const rel of [
      'package.json',
      'out/main/boot.cjs',
      'out/main/code-cache.cjs',
      'out/main/index.cjs',
      'out/main/headless.cjs',
      'out/main/utility-stdio-child.cjs',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'resources/tray/iconTemplate.png',
      'resources/presets.json',
      // Tool search reads it at run time (found like shipped-lists.json, above the build).
      'resources/word-vectors.bin',
    ]) {
      expect(byPath.has(rel), rel).toBe(true);
    }
  });

  it('holds every file each local preset starts, and runs it the way the app would', () => {
    for (const preset of allPresets().filter((p) => p.transport.type === 'stdio')) {
      const { server } = instantiatePreset(preset, valuesFor(preset), { dataDir: work });
      if (server.transport.type !== 'stdio') continue;
      const named = projectPaths(server.transport);
      expect(named.length, `${preset.id} names no file of the app`).toBeGreaterThan(0);
      for (const rel of named) expect(byPath.has(rel), `${preset.id}: ${rel}`).toBe(true);
      const { command, args, env } = server.transport;
      // As the app's launcher decides, with `${node}` standing for the app binary.
      const plan = planAppLaunch(command, args, env, undefined, process.execPath);
      if (plan.kind === 'utility') {
        expect(plan.entry.endsWith('.js') || plan.entry.endsWith('.cjs'), plan.entry).toBe(true);
        expect(plan.execArgv, `${preset.id} needs no Node options`).toEqual([]);
      } else {
        const exe = byPath.get(posix(relative(ROOT, command)));
        expect(exe?.unpack, `${preset.id}: ${command} is unpacked`).toBe(true);
        expect(exe!.mode & 0o111, `${preset.id}: ${command} is executable`).not.toBe(0);
      }
    }
  });

  it('holds every package the built code requires (what Vite left external)', () => {
    const { plain, lazy } = externalPackages(files);
    const external = new Set([...plain, ...lazy]);
    expect([...external].sort()).toEqual(
      expect.arrayContaining(['better-sqlite3', 'cross-spawn', 'pg', 'pidusage', 'pino']),
    );
    for (const name of external) {
      expect(byPath.has(`node_modules/${name}/package.json`), name).toBe(true);
    }
  });

  it('requires no ES module package when a chunk loads', () => {
    // A plain require() runs as its chunk loads, and requiring an ES module sets up Node's ES
    // module loader (some 4 ms of every start and every stdio bridge): such packages are bundled.
    const esm = [...externalPackages(files).plain].filter((name) => {
      const manifest = byPath.get(`node_modules/${name}/package.json`);
      return (
        manifest &&
        (JSON.parse(readFileSync(manifest.full, 'utf8')) as { type?: string }).type === 'module'
      );
    });
    expect(esm).toEqual([]);
  });

  it('holds no TypeScript and no TypeScript loader', () => {
    expect(files.filter((f) => /\.(?:ts|tsx|mts|cts)$/.test(f.rel)).map((f) => f.rel)).toEqual([]);
    expect(files.filter((f) => /^servers\//.test(f.rel))).toEqual([]);
    for (const pkg of ['tsx', 'esbuild', 'typescript']) {
      expect(
        files.some((f) => f.rel.startsWith(`node_modules/${pkg}/`)),
        pkg,
      ).toBe(false);
    }
  });

  it('does not ship again what Vite bundled into out/', () => {
    for (const pkg of [
      'react',
      'react-dom',
      'recharts',
      'zustand',
      'electron-store',
      'conf',
      '@modelcontextprotocol/client',
      '@modelcontextprotocol/server',
      '@modelcontextprotocol/node',
      'prom-client',
      'docx',
      'mammoth',
      'turndown',
    ]) {
      expect(
        files.some((f) => f.rel.startsWith(`node_modules/${pkg}/`)),
        pkg,
      ).toBe(false);
    }
  });

  it('unpacks every native addon and executable, also after packing with @electron/asar', async () => {
    const natives = files.filter((f) => f.rel.endsWith('.node'));
    expect(natives.map((f) => f.rel)).toContain(
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    );
    expect(natives.filter((f) => !f.unpack)).toEqual([]);
    const executables = files.filter((f) => f.mode & 0o111 && !/\.(?:js|cjs|mjs|sh)$/.test(f.rel));
    expect(executables.filter((f) => f.rel.includes('excel-mcp-server_')).length).toBe(1);
    expect(executables.filter((f) => !f.unpack && f.rel.includes('/dist/excel'))).toEqual([]);

    const stage = join(work, 'app');
    stageFiles(files, stage);
    const archive = join(work, 'app.asar');
    const unpack = [readBuilderConfig().asarUnpack ?? []].flat();
    await createPackageWithOptions(stage, archive, { unpack: `{${unpack.join(',')}}` });
    const listed = new Set(listPackage(archive, { isPack: false }).map((p) => posix(p).slice(1)));
    expect(listed.has('out/main/boot.cjs')).toBe(true);
    expect(listed.size).toBeGreaterThanOrEqual(files.length);
    for (const f of files.filter((x) => x.unpack)) {
      const outside = join(`${archive}.unpacked`, f.rel);
      expect(existsSync(outside), f.rel).toBe(true);
      expect(statSync(outside).mode & 0o111).toBe(f.mode & 0o111);
    }
    const packedOnly = files.filter((f) => !f.unpack).slice(0, 50);
    for (const f of packedOnly) expect(existsSync(join(`${archive}.unpacked`, f.rel))).toBe(false);
  });
});
