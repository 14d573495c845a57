import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * The import rules of style.md, enforced on the real import graph: every .ts/.tsx file is
 * scanned with the TypeScript pre-processor (static imports, `export … from`, `import()` and
 * `require()`), relative specifiers are resolved to files, and each edge is checked against the
 * rules of the folder it starts in. ESLint checks the same rules; this test fails CI even when
 * lint is skipped, and it also follows edges transitively.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Folders whose code is walked (the electron rule covers all of them; folder rules cover src). */
const WALKED = ['src', 'test', 'e2e', 'bench', 'servers', 'scripts', 'bin'];
const CODE = /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist', 'coverage', '__snapshots__']);
const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** Where an import leads: a package (by name), a file of the repo, or nowhere we can find. */
type Target =
  { kind: 'package'; name: string } | { kind: 'file'; path: string } | { kind: 'unresolved' };

interface Edge {
  /** Repo-relative POSIX path of the importing file. */
  from: string;
  /** The specifier as written. */
  spec: string;
  to: Target;
}

type Graph = Map<string, Edge[]>;

// ---------------------------------------------------------------------------------------------
// Building the graph.

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (SKIPPED_DIRS.has(name)) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (CODE.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const posix = (path: string) => path.split(sep).join('/');

/** `node:fs`, `fs` → `node:fs`; `@scope/pkg/sub` → `@scope/pkg`; `electron/main` → `electron`. */
function packageName(spec: string): string {
  if (spec.startsWith('node:')) return spec;
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return BUILTINS.has(name) || BUILTINS.has(spec) ? `node:${name}` : name;
}

/** The file a relative specifier names, tried the way TypeScript's bundler resolution does. */
function resolveFile(fromFile: string, spec: string): string | undefined {
  const bare = resolve(dirname(fromFile), spec.replace(/\?.*$/, ''));
  const stem = bare.replace(/\.(?:js|jsx|mjs|cjs)$/, '');
  const candidates = [
    bare,
    ...['.ts', '.tsx', '.mts', '.cts'].map((ext) => stem + ext),
    ...['.ts', '.tsx', '.js', '.mjs'].map((ext) => bare + ext),
    ...['index.ts', 'index.tsx', 'index.js'].map((name) => join(bare, name)),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

function edgesOf(file: string): Edge[] {
  const from = posix(relative(ROOT, file));
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map(({ fileName: spec }): Edge => {
    if (!spec.startsWith('.') && !spec.startsWith('/')) {
      return { from, spec, to: { kind: 'package', name: packageName(spec) } };
    }
    const found = resolveFile(file, spec);
    return {
      from,
      spec,
      to: found ? { kind: 'file', path: posix(relative(ROOT, found)) } : { kind: 'unresolved' },
    };
  });
}

function loadGraph(): Graph {
  const graph: Graph = new Map();
  for (const folder of WALKED) {
    for (const file of walk(join(ROOT, folder))) {
      const edges = edgesOf(file);
      graph.set(edges[0]?.from ?? posix(relative(ROOT, file)), edges);
    }
  }
  return graph;
}

// ---------------------------------------------------------------------------------------------
// The rules (style.md, "Import rules").

const under = (folder: string) => (path: string) => path.startsWith(`${folder}/`);
const isShared = under('src/shared');
const isGateway = under('src/main/gateway');
const isControl = under('src/main/control');
const isDesktop = under('src/main/desktop');
const isMain = under('src/main');
const isPreload = under('src/preload');
const isRenderer = under('src/renderer');
const isNodeEntry = (path: string) =>
  path === 'src/main/headless.ts' || path === 'src/main/compose.ts' || under('src/main/cli')(path);
const isSetup = under('src/main/setup');
/** The gateway's front door: the one gateway file that code outside the gateway may import. */
const GATEWAY_DOOR = 'src/main/gateway/index.ts';
const isTestFile = (path: string) => /\.(?:test|spec)\.tsx?$/.test(path);
/** The only places that may import electron. */
const mayImportElectron = (path: string) =>
  isDesktop(path) || path === 'src/main/index.ts' || isPreload(path) || under('e2e')(path);

const isPackage = (edge: Edge, test: (name: string) => boolean) =>
  edge.to.kind === 'package' && test(edge.to.name);
const isFileIn = (edge: Edge, test: (path: string) => boolean) =>
  edge.to.kind === 'file' && test(edge.to.path);
const isElectron = (edge: Edge) => isPackage(edge, (name) => name === 'electron');
const isNodeBuiltin = (edge: Edge) => isPackage(edge, (name) => name.startsWith('node:'));
/** Test files may also import the test runner. */
const isTestRunner = (edge: Edge) =>
  isTestFile(edge.from) && isPackage(edge, (n) => n === 'vitest');

interface FolderRule {
  folder: string;
  appliesTo(path: string): boolean;
  /** Why the edge is refused, or undefined. */
  refuses(edge: Edge): string | undefined;
}

const RULES: FolderRule[] = [
  {
    folder: 'src/shared',
    appliesTo: isShared,
    refuses: (edge) =>
      isPackage(edge, (n) => n === 'zod') || isFileIn(edge, isShared) || isTestRunner(edge)
        ? undefined
        : 'src/shared imports only zod and other src/shared files',
  },
  {
    folder: 'src/main/gateway',
    appliesTo: isGateway,
    refuses: (edge) =>
      isElectron(edge)
        ? 'the gateway never imports electron'
        : isFileIn(edge, isControl)
          ? 'the gateway never imports src/main/control'
          : isFileIn(edge, isDesktop)
            ? 'the gateway never imports src/main/desktop'
            : undefined,
  },
  {
    folder: 'src/main/control',
    appliesTo: isControl,
    refuses: (edge) =>
      isElectron(edge)
        ? 'control/ never imports electron'
        : isFileIn(edge, isDesktop)
          ? 'control/ never imports src/main/desktop'
          : undefined,
  },
  {
    folder: 'src/main/headless.ts, src/main/compose.ts, src/main/cli',
    appliesTo: isNodeEntry,
    refuses: (edge) =>
      isElectron(edge)
        ? 'the Node entries never import electron'
        : isFileIn(edge, isDesktop)
          ? 'the Node entries never import src/main/desktop'
          : undefined,
  },
  {
    folder: 'src/main outside the gateway',
    appliesTo: (path) => isMain(path) && !isGateway(path),
    refuses: (edge) =>
      isFileIn(edge, (path) => isGateway(path) && path !== GATEWAY_DOOR)
        ? 'outside the gateway, src/main enters it only through src/main/gateway/index.ts'
        : undefined,
  },
  {
    folder: 'src/main/setup',
    appliesTo: isSetup,
    refuses: (edge) =>
      isElectron(edge)
        ? 'setup/ never imports electron'
        : isFileIn(
              edge,
              (path) => isControl(path) || isDesktop(path) || under('src/main/cli')(path),
            )
          ? 'setup/ serves control/ and cli/; it never imports them or desktop/'
          : undefined,
  },
  {
    folder: 'src/preload',
    appliesTo: isPreload,
    refuses: (edge) =>
      isElectron(edge) || isFileIn(edge, isShared) || isTestRunner(edge)
        ? undefined
        : 'the preload imports only electron and src/shared',
  },
  {
    folder: 'src/renderer',
    appliesTo: isRenderer,
    refuses: (edge) =>
      isNodeBuiltin(edge)
        ? 'the renderer never imports node:* modules'
        : isElectron(edge)
          ? 'the renderer never imports electron'
          : isFileIn(edge, isMain)
            ? 'the renderer never imports src/main'
            : isFileIn(edge, isPreload)
              ? 'the renderer never imports src/preload'
              : undefined,
  },
  {
    folder: 'src/main/cli/code-cache.ts',
    appliesTo: (path) => path === 'src/main/cli/code-cache.ts',
    refuses: (edge) =>
      isNodeBuiltin(edge)
        ? undefined
        : 'the code cache is its own build entry, loaded before the bundle: node:* imports only',
  },
  {
    folder: 'everywhere else',
    appliesTo: (path) => !mayImportElectron(path),
    refuses: (edge) =>
      isElectron(edge)
        ? 'only src/main/desktop, src/main/index.ts, src/preload and e2e import electron'
        : undefined,
  },
];

const describeEdge = (edge: Edge) =>
  `${edge.from} → ${edge.spec}${edge.to.kind === 'file' && !edge.spec.endsWith(edge.to.path) ? ` (${edge.to.path})` : ''}`;

/** Every edge that breaks a folder rule, as `from → spec: why`. */
function directViolations(graph: Graph): string[] {
  const out: string[] = [];
  for (const edges of graph.values()) {
    for (const edge of edges) {
      for (const rule of RULES) {
        if (!rule.appliesTo(edge.from)) continue;
        const why = rule.refuses(edge);
        if (why) out.push(`${describeEdge(edge)}: ${why}`);
      }
    }
  }
  return out;
}

/**
 * Code that must run without Electron (gateway, control, the Node entries) must not reach
 * electron or desktop/ through any chain of imports either, e.g. via a helper elsewhere in main/.
 */
function transitiveViolations(graph: Graph): string[] {
  const out: string[] = [];
  const starts = [...graph.keys()].filter(
    (path) => (isGateway(path) || isControl(path) || isNodeEntry(path)) && !isTestFile(path),
  );
  for (const start of starts) {
    const seen = new Map<string, string[]>([[start, [start]]]);
    const queue = [start];
    while (queue.length > 0) {
      const current = queue.shift()!;
      const chain = seen.get(current)!;
      for (const edge of graph.get(current) ?? []) {
        if (isElectron(edge) || isFileIn(edge, isDesktop)) {
          const end = edge.to.kind === 'file' ? edge.to.path : edge.spec;
          out.push(`${[...chain, end].join(' → ')}: ${start} must run without Electron`);
          continue;
        }
        if (edge.to.kind !== 'file' || seen.has(edge.to.path)) continue;
        seen.set(edge.to.path, [...chain, edge.to.path]);
        queue.push(edge.to.path);
      }
    }
  }
  // One message per offending chain end is enough; keep the shortest chains first.
  return [...new Set(out)].sort((a, b) => a.length - b.length);
}

function unresolved(graph: Graph): string[] {
  const out: string[] = [];
  for (const edges of graph.values()) {
    for (const edge of edges) if (edge.to.kind === 'unresolved') out.push(describeEdge(edge));
  }
  return out;
}

function lineCount(path: string): number {
  const lines = readFileSync(join(ROOT, path), 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.length;
}

// ---------------------------------------------------------------------------------------------

const graph = loadGraph();

describe('the import graph', () => {
  it('is the real one (sanity: files and known edges are found)', () => {
    expect(graph.size).toBeGreaterThan(100);
    const targets = (from: string) =>
      (graph.get(from) ?? []).map((e) => (e.to.kind === 'file' ? e.to.path : e.spec));
    expect(targets('src/main/gateway/pipeline/policy.ts')).toContain('src/shared/model.ts');
    expect(targets('src/preload/index.ts')).toContain('electron');
    expect(targets('src/preload/index.ts')).toContain('src/shared/bridge.ts');
    expect([...graph.keys()].filter(isRenderer).length).toBeGreaterThan(5);
  });

  it('resolves every relative import to a file (so no edge escapes the rules)', () => {
    expect(unresolved(graph), 'relative imports that name no file').toEqual([]);
  });

  it('follows the folder rules of style.md on every edge', () => {
    expect(directViolations(graph), 'imports that break the rules of style.md').toEqual([]);
  });

  it('keeps electron and desktop/ out of reach of the gateway, control/ and the Node entries', () => {
    expect(transitiveViolations(graph), 'import chains that reach Electron').toEqual([]);
  });
});

describe('the rule checker itself', () => {
  const edge = (from: string, spec: string, to: Target): Edge => ({ from, spec, to });
  const pkg = (name: string): Target => ({ kind: 'package', name });
  const file = (path: string): Target => ({ kind: 'file', path });

  it('names each offending edge and the rule it breaks', () => {
    const fake: Graph = new Map([
      ['src/shared/a.ts', [edge('src/shared/a.ts', 'node:fs', pkg('node:fs'))]],
      ['src/shared/b.ts', [edge('src/shared/b.ts', '../main/x.js', file('src/main/x.ts'))]],
      ['src/main/gateway/g.ts', [edge('src/main/gateway/g.ts', 'electron', pkg('electron'))]],
      [
        'src/main/gateway/h.ts',
        [edge('src/main/gateway/h.ts', '../control/c.js', file('src/main/control/c.ts'))],
      ],
      [
        'src/main/control/c.ts',
        [edge('src/main/control/c.ts', '../desktop/d.js', file('src/main/desktop/d.ts'))],
      ],
      ['src/main/cli/serve.ts', [edge('src/main/cli/serve.ts', 'electron', pkg('electron'))]],
      [
        'src/main/control/door.ts',
        [
          edge(
            'src/main/control/door.ts',
            '../gateway/index.js',
            file('src/main/gateway/index.ts'),
          ),
          edge(
            'src/main/control/door.ts',
            '../gateway/pipeline/policy.js',
            file('src/main/gateway/pipeline/policy.ts'),
          ),
        ],
      ],
      [
        'src/preload/index.ts',
        [
          edge('src/preload/index.ts', 'electron', pkg('electron')),
          edge('src/preload/index.ts', 'node:path', pkg('node:path')),
        ],
      ],
      [
        'src/renderer/src/app.tsx',
        [
          edge('src/renderer/src/app.tsx', 'fs', pkg('node:fs')),
          edge('src/renderer/src/app.tsx', '../../preload/index', file('src/preload/index.ts')),
        ],
      ],
      ['test/x.test.ts', [edge('test/x.test.ts', 'electron', pkg('electron'))]],
      ['src/main/desktop/ok.ts', [edge('src/main/desktop/ok.ts', 'electron', pkg('electron'))]],
      ['e2e/ok.spec.ts', [edge('e2e/ok.spec.ts', 'electron', pkg('electron'))]],
      ['src/shared/ok.test.ts', [edge('src/shared/ok.test.ts', 'vitest', pkg('vitest'))]],
    ]);
    const found = directViolations(fake);
    expect(found).toEqual([
      'src/shared/a.ts → node:fs: src/shared imports only zod and other src/shared files',
      'src/shared/b.ts → ../main/x.js (src/main/x.ts): src/shared imports only zod and other src/shared files',
      'src/main/gateway/g.ts → electron: the gateway never imports electron',
      'src/main/gateway/g.ts → electron: only src/main/desktop, src/main/index.ts, src/preload and e2e import electron',
      'src/main/gateway/h.ts → ../control/c.js (src/main/control/c.ts): the gateway never imports src/main/control',
      'src/main/control/c.ts → ../desktop/d.js (src/main/desktop/d.ts): control/ never imports src/main/desktop',
      'src/main/cli/serve.ts → electron: the Node entries never import electron',
      'src/main/cli/serve.ts → electron: only src/main/desktop, src/main/index.ts, src/preload and e2e import electron',
      'src/main/control/door.ts → ../gateway/pipeline/policy.js (src/main/gateway/pipeline/policy.ts): outside the gateway, src/main enters it only through src/main/gateway/index.ts',
      'src/preload/index.ts → node:path: the preload imports only electron and src/shared',
      'src/renderer/src/app.tsx → fs: the renderer never imports node:* modules',
      'src/renderer/src/app.tsx → ../../preload/index (src/preload/index.ts): the renderer never imports src/preload',
      'test/x.test.ts → electron: only src/main/desktop, src/main/index.ts, src/preload and e2e import electron',
    ]);
  });

  it('finds a chain that reaches desktop/ through a helper no folder rule covers', () => {
    const fake: Graph = new Map([
      [
        'src/main/compose.ts',
        [edge('src/main/compose.ts', './helper.js', file('src/main/helper.ts'))],
      ],
      [
        'src/main/helper.ts',
        [edge('src/main/helper.ts', './desktop/tray.js', file('src/main/desktop/tray.ts'))],
      ],
    ]);
    expect(directViolations(fake)).toEqual([]);
    expect(transitiveViolations(fake)).toEqual([
      'src/main/compose.ts → src/main/helper.ts → src/main/desktop/tray.ts: src/main/compose.ts must run without Electron',
    ]);
  });

  it('reads every kind of import statement', () => {
    const info = ts.preProcessFile(
      [
        "import a from 'a';",
        "import type { B } from 'b';",
        "import 'c';",
        "export { d } from 'd';",
        "export * from 'e';",
        "const f = await import('f');",
        "const g = require('g');",
      ].join('\n'),
      true,
      true,
    );
    expect(info.importedFiles.map((f) => f.fileName)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(packageName('node:fs/promises')).toBe('node:fs/promises');
    expect(packageName('fs/promises')).toBe('node:fs');
    expect(packageName('@modelcontextprotocol/server/stdio')).toBe('@modelcontextprotocol/server');
    expect(packageName('electron/main')).toBe('electron');
  });
});

describe('the Electron layer stays thin (style.md)', () => {
  it('keeps each src/main/desktop/*.ts file at 150 lines or fewer', () => {
    const files = [...graph.keys()].filter(
      (p) => /^src\/main\/desktop\/[^/]+\.ts$/.test(p) && !isTestFile(p),
    );
    expect(files.length).toBeGreaterThan(0);
    const long = files
      .map((path) => ({ path, lines: lineCount(path) }))
      .filter((f) => f.lines > 150)
      .map((f) => `${f.path}: ${f.lines} lines`);
    expect(long, 'desktop/ files over 150 lines: move the logic into control/').toEqual([]);
  });

  it('keeps src/main/index.ts at 80 lines or fewer', () => {
    expect(
      lineCount('src/main/index.ts'),
      'src/main/index.ts wires the app lifecycle only',
    ).toBeLessThanOrEqual(80);
  });
});
