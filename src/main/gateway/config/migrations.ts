import {
  CONFIG_VERSION,
  ConfigSchema,
  McpServersFileSchema,
  type Config,
} from '../../../shared/model.js';
import { describeIssues } from '../errors.js';
import { serversFromMcpServers } from './mcp-servers-file.js';

/**
 * Reading a config file's contents: how older versions are lifted to the current one (pure
 * migrations, one step per version) and how the result is validated. Pure: no file is touched
 * here, so the store (config.ts) and the golden tests parse through the same code.
 */

/** Whether a parsed JSON value is an object (not an array or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A file's version: its `version`, 0 when it has none, NaN when it is not a number. */
function versionOf(raw: unknown): number {
  if (!isRecord(raw)) return Number.NaN;
  if (raw.version === undefined) return 0;
  return typeof raw.version === 'number' ? raw.version : Number.NaN;
}

/** v0 → v1: a versionless file with `servers` gains a version; `mcpServers` entries are converted. */
function fromV0(raw: Record<string, unknown>): Record<string, unknown> {
  const { mcpServers, servers, ...rest } = raw;
  const kept: unknown[] = Array.isArray(servers) ? servers : [];
  if (mcpServers === undefined) return { ...rest, version: 1, servers: kept };
  const file = McpServersFileSchema.safeParse({ mcpServers });
  if (!file.success)
    throw new Error(`its mcpServers cannot be read (${describeIssues(file.error)})`);
  const takenIds = kept.flatMap((s) => (isRecord(s) && typeof s.id === 'string' ? [s.id] : []));
  const converted = serversFromMcpServers(file.data, takenIds);
  if (converted.servers.length < Object.keys(file.data.mcpServers).length) {
    throw new Error(`some mcpServers cannot be converted (${converted.warnings.join('; ')})`);
  }
  return { ...rest, version: 1, servers: [...kept, ...converted.servers] };
}

/** Index = the version a step lifts from. */
const MIGRATIONS: ReadonlyArray<(raw: Record<string, unknown>) => Record<string, unknown>> = [
  fromV0,
];

/**
 * Lifts an older config to CONFIG_VERSION without validating it; a current, newer or
 * unrecognised value is returned unchanged. Pure. Throws when an old file cannot be lifted.
 */
export function migrateConfig(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  // A versionless file is v0 only when it has something to migrate.
  if (raw.version === undefined && raw.mcpServers === undefined && raw.servers === undefined)
    return raw;
  let current = raw;
  for (let version = versionOf(current); version < CONFIG_VERSION; version = versionOf(current)) {
    const step = MIGRATIONS[version];
    if (!step) break;
    current = step(current);
  }
  return current;
}

/** The outcome of `parseConfig`. */
export type ParsedConfig =
  { ok: true; config: Config; from: number } | { ok: false; reason: string };

/**
 * How a config is parsed: once per load or save, so without zod's generated fast path. zod
 * compiles that code (`new Function`) on an object schema's first parse, which pays back only
 * over many parses; each start parses the config once, and the first parse of the default
 * config took a median 9.8 ms with it and 5.3 ms without (eight alternating fresh processes).
 */
export const PARSE_ONCE = { jitless: true } as const;

/** Migrates and validates a parsed config file; `reason` is one line saying what is wrong. */
export function parseConfig(raw: unknown): ParsedConfig {
  const from = versionOf(raw);
  if (from > CONFIG_VERSION) {
    return {
      ok: false,
      reason: `it is version ${from}, from a newer Switchboard (this one reads ${CONFIG_VERSION})`,
    };
  }
  try {
    const result = ConfigSchema.safeParse(migrateConfig(raw), PARSE_ONCE);
    if (result.success) return { ok: true, config: result.data, from };
    return { ok: false, reason: describeIssues(result.error) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
