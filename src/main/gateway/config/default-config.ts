import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import rawDefaultConfig from '../../../../resources/default-config.json' with { type: 'json' };
import { ConfigSchema, type Config } from '../../../shared/model.js';
import { PARSE_ONCE, isRecord } from './migrations.js';

/**
 * The embedded default config (resources/default-config.json) and its placeholders: `${node}`,
 * `${dataDir}` and `${bin:<package>}` resolved for this machine. Kept apart from the store
 * because setup, doctor and the tests build a default without any config file.
 */

/** Resolves the `${node}` and `${bin:<package>}` placeholders of the embedded default. */
export interface DefaultResolver {
  node(): string;
  bin(packageName: string): string;
}

/** The absolute path of an installed package's (first) `bin` entry file, resolved from node_modules. */
export function resolvePackageBin(packageName: string): string {
  const manifestPath = createRequire(import.meta.url).resolve(`${packageName}/package.json`);
  const manifest: unknown = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const bin = isRecord(manifest) ? manifest.bin : undefined;
  const entry = typeof bin === 'string' ? bin : isRecord(bin) ? Object.values(bin)[0] : undefined;
  if (typeof entry !== 'string') throw new Error(`${packageName} declares no bin entry`);
  return path.join(path.dirname(manifestPath), entry);
}

/** Runs servers with this process's Node (Electron too: the default sets ELECTRON_RUN_AS_NODE). */
export const defaultResolver: DefaultResolver = {
  node: () => process.execPath,
  bin: resolvePackageBin,
};

/** A copy of `value` with `${node}`, `${dataDir}` and `${bin:<package>}` replaced in every string. */
export function expandPlaceholders(
  value: unknown,
  dataDir: string,
  resolve: DefaultResolver,
): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{(node|dataDir|bin:[^}]+)\}/g, (_m, name: string) =>
      name === 'node' ? resolve.node() : name === 'dataDir' ? dataDir : resolve.bin(name.slice(4)),
    );
  }
  if (Array.isArray(value)) return value.map((v) => expandPlaceholders(v, dataDir, resolve));
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, expandPlaceholders(v, dataDir, resolve)]),
  );
}

/**
 * The embedded default (resources/default-config.json) for `dataDir`: the filesystem server
 * rooted at `<dataDir>/workspace` (created here) and the memory server, run with this Node, no
 * network; five roles and no keys. Role rules are ordered, first match wins; a pattern is a
 * case-insensitive glob over `<server>__<tool>` where `*` matches any run of characters
 * (including `__`) and `?` one character (policy.ts implements it).
 */
export function defaultConfig(dataDir: string, resolve: DefaultResolver = defaultResolver): Config {
  mkdirSync(path.join(dataDir, 'workspace'), { recursive: true, mode: 0o700 });
  return ConfigSchema.parse(expandPlaceholders(rawDefaultConfig, dataDir, resolve), PARSE_ONCE);
}
