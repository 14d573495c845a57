#!/usr/bin/env node
// The desktop app's file set as electron-builder assembles it, computed without electron-builder
// (it cannot run here: no Electron binary): the `files` rules and `asarUnpack` of
// electron-builder.yml applied to the project, plus the production node_modules (the
// `dependencies` of package.json and theirs, found as Node would). Used by test/packaging.test.ts
// and by `npm run app:size` / `npm run dist`, which print the size.
//
//   node scripts/app-files.mjs --report [--platform mac|linux]
//
// A model, not electron-builder itself: it follows the documented rules (patterns relative to
// the app folder, `!` excludes applying to node_modules too, electron-builder's default
// excludes), and after a real `npm run dist` the report also prints the real app.asar's size.
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { Minimatch } from 'minimatch';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** electron-builder's own excludes (app-builder-lib's fileMatcher defaults). */
const DEFAULT_EXCLUDES = [
  '**/node_modules/*/{CHANGELOG.md,README.md,README,readme.md,readme}',
  '**/node_modules/*/{test,__tests__,tests,powered-test,example,examples}/**',
  '**/node_modules/*.d.ts',
  '**/node_modules/.bin/**',
  '**/*.{iml,o,hprof,orig,pyc,pyo,rbc,swp,csproj,sln,xproj}',
  '**/.editorconfig',
  '**/._*',
  '**/{.DS_Store,.git,.hg,.svn,CVS,RCS,SCCS,.gitignore,.gitattributes}',
  '**/{.DS_Store,.git,.hg,.svn,CVS,RCS,SCCS}/**',
  '**/{__pycache__,thumbs.db,.flowconfig,.idea,.vs,.nyc_output}/**',
  '**/{appveyor.yml,.travis.yml,circle.yml}',
  '**/{npm-debug.log,yarn.lock,.yarn-integrity,.yarn-metadata.json}',
];

const PLATFORM_SECTION = { mac: 'mac', linux: 'linux' };

/** electron-builder.yml, parsed. */
export function readBuilderConfig(root = ROOT) {
  return yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
}

/** A test per glob, compiled once (thousands of files meet every pattern). */
const matcher = (patterns) => {
  const compiled = patterns.map((p) => new Minimatch(p, { dot: true }));
  return (file) => compiled.some((m) => m.match(file));
};

/** Every file under `dir` (following a symlinked package), as paths relative to `base`. */
function walk(dir, base, skip = () => false, out = []) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const rel = relative(base, full).split(sep).join('/');
    if (skip(rel)) continue;
    const stat = statSync(full);
    if (stat.isDirectory()) walk(full, base, skip, out);
    else out.push({ rel, full, size: stat.size, mode: stat.mode });
  }
  return out;
}

/** Where Node finds `name` from the package folder `from` (its node_modules, then upwards). */
function findPackage(name, from, root) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

/**
 * The production dependency folders: package.json `dependencies`, then each one's
 * dependencies, optional and peer dependencies that are installed. Keyed by their path
 * relative to the project (node_modules/…); values are the real folders.
 */
export function productionPackages(root = ROOT) {
  const found = new Map();
  const queue = [
    { from: root, names: Object.keys(readJson(join(root, 'package.json')).dependencies ?? {}) },
  ];
  while (queue.length > 0) {
    const { from, names } = queue.shift();
    for (const name of names) {
      const dir = findPackage(name, from, root);
      if (!dir) continue;
      const rel = relative(root, dir).split(sep).join('/');
      if (found.has(rel)) continue;
      found.set(rel, realpathSync(dir));
      const manifest = readJson(join(dir, 'package.json'));
      const next = {
        ...manifest.dependencies,
        ...manifest.optionalDependencies,
        ...manifest.peerDependencies,
      };
      queue.push({ from: dir, names: Object.keys(next) });
    }
  }
  return found;
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The files of the app for `platform` ('mac' or 'linux'): `{ rel, full, size, mode, unpack }`
 * with `rel` relative to the app folder (app.asar), sorted.
 */
export function appFiles({ root = ROOT, platform = 'mac' } = {}) {
  const config = readBuilderConfig(root);
  const section = config[PLATFORM_SECTION[platform]] ?? {};
  const patterns = [...(config.files ?? []), ...(section.files ?? [])];
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = [
    ...patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1)),
    ...DEFAULT_EXCLUDES,
  ];
  const unpack = [config.asarUnpack ?? []].flat();
  const [included, excluded, unpacked] = [include, exclude, unpack].map(matcher);
  const own = walk(root, root, (rel) => /^(node_modules|\.git|dist|coverage)$/.test(rel)).filter(
    (f) => included(f.rel),
  );
  const deps = [];
  for (const [rel, real] of productionPackages(root)) {
    // A package's own nested node_modules are packages of their own, found by productionPackages.
    for (const f of walk(real, real, (r) => r === 'node_modules' || r.endsWith('/node_modules'))) {
      deps.push({ ...f, rel: `${rel}/${f.rel}` });
    }
  }
  return [...own, ...deps]
    .filter((f) => !excluded(f.rel))
    .map((f) => ({ ...f, unpack: unpacked(f.rel) }))
    .sort((a, b) => a.rel.localeCompare(b.rel));
}

/** Sizes in bytes: total, unpacked, and by top-level part (out, node_modules/<pkg>, …). */
export function summarize(files) {
  const parts = new Map();
  let total = 0;
  let unpacked = 0;
  for (const f of files) {
    total += f.size;
    if (f.unpack) unpacked += f.size;
    const m = f.rel.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const part = m ? `node_modules/${m[1]}` : f.rel.split('/')[0];
    parts.set(part, (parts.get(part) ?? 0) + f.size);
  }
  const largest = [...parts].sort((a, b) => b[1] - a[1]);
  return { count: files.length, total, unpacked, largest };
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The real app.asar files a `npm run dist` left in dist/, with their sizes. */
function builtArchives(root) {
  const dist = join(root, 'dist');
  if (!existsSync(dist)) return [];
  return walk(dist, root, (rel) => rel.endsWith('.app/Contents/Frameworks'))
    .filter((f) => f.rel.endsWith('/app.asar'))
    .map((f) => {
      const unpackedDir = `${f.full}.unpacked`;
      const extra =
        existsSync(unpackedDir) && lstatSync(unpackedDir).isDirectory()
          ? walk(unpackedDir, unpackedDir).reduce((sum, u) => sum + u.size, 0)
          : 0;
      return { rel: f.rel, size: f.size, unpacked: extra };
    });
}

function report(platform) {
  const summary = summarize(appFiles({ platform }));
  const lines = [
    `Switchboard app files (${platform}, from electron-builder.yml): ${summary.count} files, ` +
      `${mb(summary.total)} (${mb(summary.unpacked)} unpacked beside app.asar), before Electron itself`,
    ...summary.largest.slice(0, 8).map(([part, size]) => `  ${mb(size).padStart(9)}  ${part}`),
    ...builtArchives(ROOT).map(
      (a) => `Built: ${a.rel} ${mb(a.size)} + ${mb(a.unpacked)} in app.asar.unpacked`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--platform');
  const platform =
    at === -1 ? (process.platform === 'linux' ? 'linux' : 'mac') : process.argv[at + 1];
  if (process.argv.includes('--report')) report(platform);
}
