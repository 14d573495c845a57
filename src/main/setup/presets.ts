import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import rawPresets from '../../../resources/presets.json' with { type: 'json' };
import {
  PresetFieldSchema,
  PresetViewSchema,
  ServerConfigSchema,
  type PresetField,
  type Role,
  type Rule,
  type ServerConfig,
} from '../../shared/model.js';
import { GatewayError, expandPlaceholders, resolvePackageBin } from '../gateway/index.js';
import type { DefaultResolver } from '../gateway/index.js';
import { nativeExecutable } from './native-executable.js';
import { DEFAULT_ROLES, presetRoleRules, roleSummary } from './preset-rules.js';

/**
 * The built-in catalog of server presets (resources/presets.json): which package runs,
 * how it starts, which settings and secrets it needs, and which of its tools read, write or
 * destroy (each role decides those kinds as on the built-in servers: preset-rules.ts).
 * `instantiatePreset` turns a preset plus the person's values into a ServerConfig.
 */

export { PresetFieldSchema, type PresetField };

const PresetTransportSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('stdio'),
    command: z.string(),
    args: z.array(z.string()),
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().optional(),
  }),
  z.object({
    type: z.enum(['http', 'sse']),
    url: z.string(),
    headers: z.record(z.string(), z.string()).default({}),
  }),
]);

/** Globs over the server's own tool names, by how much harm a call can do. */
const PresetToolsSchema = z.object({
  readOnly: z.array(z.string()),
  write: z.array(z.string()),
  destructive: z.array(z.string()),
});

/** A preset: what the UI lists (PresetViewSchema), plus how it starts and its tools' harm. */
export const PresetSchema = PresetViewSchema.extend({
  /**
   * Strings may use `${node}`, `${dataDir}`, `${bin:<package>}`, `${exe:<package>}` (a
   * package's native executable), `${app}` (the app folder, whose out/main/servers/ holds our
   * own servers, built to plain JavaScript) and `${field:<key>}`.
   */
  transport: PresetTransportSchema,
  tools: PresetToolsSchema,
});
export type Preset = z.infer<typeof PresetSchema>;

const CatalogSchema = z.object({ presets: z.array(PresetSchema) });

let validated: readonly Preset[] | undefined;

/**
 * Every built-in preset, validated once, at first use: the gateway loads this module at each
 * start, and most starts never look at a preset.
 */
export function allPresets(): readonly Preset[] {
  return (validated ??= CatalogSchema.parse(rawPresets).presets);
}

/** The preset with this id; throws a message listing the ids when there is none. */
export function getPreset(id: string): Preset {
  const preset = allPresets().find((p) => p.id === id);
  if (preset) return preset;
  const ids = allPresets()
    .map((p) => p.id)
    .join(', ');
  throw new GatewayError('config_invalid', `There is no preset "${id}". Presets: ${ids}.`);
}

/**
 * The folder holding package.json, resources/ and (once built) out/, from src/main/setup or
 * out/main; in the packaged app that is app.asar. The source folder servers/ is not shipped.
 */
export function findAppRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'resources')) && existsSync(path.join(dir, 'package.json'))) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`No Switchboard app folder above ${from}`);
  }
}

/**
 * resolvePackageBin, falling back to the node_modules folders Node would search when a package's
 * `exports` hide its package.json (as @sylphx/pdf-reader-mcp's do).
 */
export function resolveBinRobust(packageName: string): string {
  try {
    return resolvePackageBin(packageName);
  } catch (error) {
    const require = createRequire(import.meta.url);
    for (const dir of require.resolve.paths(packageName) ?? []) {
      const manifestPath = path.join(dir, packageName, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        bin?: string | Record<string, string>;
      };
      const entry = typeof bin === 'string' ? bin : Object.values(bin ?? {})[0];
      if (entry !== undefined) return path.join(path.dirname(manifestPath), entry);
    }
    throw error;
  }
}

/** Resolves the placeholders of a preset beyond `${node}`, `${dataDir}` and `${bin:…}`. */
export interface PresetResolver extends DefaultResolver {
  /** A package's native executable for this platform (`${exe:<package>}`). */
  exe(packageName: string): string;
  /** The app folder (holding out/main/servers/). */
  app(): string;
}

/** Runs servers with this process's Node and our own servers from this app's build. */
export const presetResolver: PresetResolver = {
  node: () => process.execPath,
  bin: resolveBinRobust,
  exe: (packageName) => nativeExecutable(packageName, resolveBinRobust(packageName)),
  app: () => findAppRoot(),
};

/** Options of `instantiatePreset`. */
export interface InstantiateOptions {
  dataDir: string;
  resolve?: PresetResolver;
  /** The server id (default: the preset's id); a second copy of a preset needs another one. */
  id?: string;
  /** The roles whose stance decides the preset's rules (default: the five built-in roles). */
  roles?: readonly Role[];
}

/** A new server plus the rules to put in front of each role's existing rules. */
export interface PresetInstance {
  server: ServerConfig;
  roleRules: { role: string; rules: Rule[] }[];
  /** Every setting's value as the server runs with it (secret ones too): what `add` checks. */
  values: Record<string, string>;
}

/**
 * The values a preset will run with: given ones, else defaults (with `${dataDir}`, and `${id}`
 * for the server's id, so a second copy of a preset gets its own file); checked.
 */
export function resolveFieldValues(
  preset: Preset,
  values: Readonly<Record<string, string>>,
  dataDir: string,
  serverId: string = preset.id,
): Record<string, string> {
  const known = new Set(preset.fields.map((f) => f.key));
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  const problems = unknown.map(
    (k) => `"${k}" is not a setting of ${preset.id} (settings: ${[...known].join(', ') || 'none'})`,
  );
  const resolved: Record<string, string> = {};
  for (const field of preset.fields) {
    const given = values[field.key]?.trim();
    const fallback = (field.default ?? '').replace(/\$\{dataDir\}/g, dataDir);
    const value = given || fallback.replace(/\$\{id\}/g, serverId);
    if (value === '' && field.required) {
      problems.push(`${field.label} (${field.key}) is required: ${field.description}`);
    }
    const invalid = value === '' ? undefined : checkFieldValue(field, value);
    if (invalid) problems.push(`${field.label} (${field.key}) ${invalid}`);
    resolved[field.key] = value;
  }
  if (problems.length > 0) {
    throw new GatewayError('config_invalid', `Cannot add ${preset.id}: ${problems.join('; ')}.`);
  }
  return resolved;
}

/** Why a value does not fit its field, or undefined. */
function checkFieldValue(field: PresetField, value: string): string | undefined {
  if (field.kind === 'url' && !URL.canParse(value)) return `must be a URL, not "${value}"`;
  if (field.kind === 'url' && field.schemes) {
    const { protocol } = new URL(value);
    const allowed = field.schemes.map((s) => `${s}//`).join(' or ');
    if (!field.schemes.includes(protocol)) return `must start with ${allowed}, not ${protocol}//`;
  }
  if (field.kind === 'number' && !/^[1-9][0-9]{0,8}$/.test(value)) {
    return `must be a whole number above 0, not "${value}"`;
  }
  if (field.kind === 'path' && !path.isAbsolute(value)) return `must be an absolute path`;
  if (field.kind === 'hosts' && /[/@?#]/.test(value)) {
    return 'lists host names only (no scheme, path or user), separated by commas';
  }
  return undefined;
}

function fillFields(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{field:([A-Za-z0-9]+)\}/g, (_m, key: string) => values[key] ?? '');
}

/** Names of env entries / headers whose template uses a secret field. */
function secretNames(templates: Record<string, string>, preset: Preset): string[] {
  const secret = preset.fields.filter((f) => f.secret).map((f) => `\${field:${f.key}}`);
  return Object.entries(templates)
    .filter(([, template]) => secret.some((s) => template.includes(s)))
    .map(([name]) => name);
}

/** Entries whose value came out empty are left out (an optional setting that was not given). */
function nonEmpty(entries: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== ''));
}

function buildTransport(preset: Preset, values: Record<string, string>): unknown {
  const t = preset.transport;
  const fill = (s: string) => fillFields(s, values);
  if (t.type !== 'stdio') {
    const headers = Object.fromEntries(Object.entries(t.headers).map(([k, v]) => [k, fill(v)]));
    return { type: t.type, url: fill(t.url), headers: nonEmpty(headers) };
  }
  // An argument that is only an optional, empty setting is dropped rather than passed as "".
  const args = t.args.filter((a) => !/^\$\{field:\w+\}$/.test(a) || fill(a) !== '').map(fill);
  const env = nonEmpty(Object.fromEntries(Object.entries(t.env).map(([k, v]) => [k, fill(v)])));
  const cwd = t.cwd === undefined ? undefined : fill(t.cwd);
  return { type: 'stdio', command: t.command, args, env, ...(cwd ? { cwd } : {}) };
}

function expandPresetPlaceholders(value: unknown, dataDir: string, resolve: PresetResolver) {
  const own = JSON.parse(
    JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'string'
        ? v.replace(/\$\{(app|exe:[^}]+)\}/g, (_m, name: string) =>
            name === 'app' ? resolve.app() : resolve.exe(name.slice(4)),
          )
        : v,
    ),
  ) as unknown;
  return expandPlaceholders(own, dataDir, resolve);
}

/**
 * A ServerConfig for `preset` with the person's `values` (defaults fill the rest), plus the rules
 * to put in front of each role's rules (first match wins) so that each role decides the
 * preset's tools by its stance on their kind (preset-rules.ts). Throws a GatewayError
 * naming every missing or invalid setting. Secret settings end up in env/headers listed in
 * `secrets`, so the gateway stores them in the SecretStore and masks them.
 */
export function instantiatePreset(
  preset: Preset,
  values: Readonly<Record<string, string>>,
  options: InstantiateOptions,
): PresetInstance {
  const { dataDir, resolve = presetResolver, roles = DEFAULT_ROLES } = options;
  const id = options.id ?? preset.id;
  const resolved = resolveFieldValues(preset, values, dataDir, id);
  const t = preset.transport;
  const secrets = secretNames(t.type === 'stdio' ? t.env : t.headers, preset);
  const transport = expandPresetPlaceholders(buildTransport(preset, resolved), dataDir, resolve);
  // Secret settings stay out of `preset.values`: they live in env/headers, masked and sealed.
  const plain = preset.fields.filter((f) => !f.secret && resolved[f.key] !== '');
  const server = ServerConfigSchema.parse({
    id,
    name: preset.title,
    enabled: true,
    transport,
    secrets,
    preset: {
      id: preset.id,
      values: Object.fromEntries(plain.map((f) => [f.key, resolved[f.key]])),
    },
  });
  const roleRules = roles
    .map((role) => ({ role: role.name, rules: presetRoleRules(preset, id, role) }))
    .filter((r) => r.rules.length > 0);
  return { server, roleRules, values: resolved };
}

/**
 * Values for `switchboard add PRESET`: `--set KEY=VALUE` pairs, and `--set-env KEY=VARIABLE`
 * pairs that read a value (a token, say) from the environment so it stays off the command line.
 */
export function valuesFromCommandLine(
  sets: readonly string[],
  fromEnv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const values: Record<string, string> = {};
  const split = (pair: string, flag: string): [string, string] => {
    const at = pair.indexOf('=');
    if (at <= 0) {
      throw new GatewayError('config_invalid', `${flag} takes KEY=VALUE, not "${pair}"`);
    }
    return [pair.slice(0, at), pair.slice(at + 1)];
  };
  for (const pair of sets) {
    const [key, value] = split(pair, '--set');
    values[key] = value;
  }
  for (const pair of fromEnv) {
    const [key, variable] = split(pair, '--set-env');
    const value = env[variable];
    if (value === undefined || value === '') {
      throw new GatewayError('config_invalid', `--set-env ${key}: ${variable} is not set`);
    }
    values[key] = value;
  }
  return values;
}

/** The `switchboard presets` listing: one block per preset with its settings. */
export function formatPresetList(presets: readonly Preset[] = allPresets()): string {
  return presets
    .map((p) => {
      const fields = p.fields.map((f) => {
        const flags = [f.required ? 'required' : 'optional', f.secret ? 'secret' : '']
          .filter(Boolean)
          .join(', ');
        const def = f.default === undefined ? '' : ` [default ${f.default}]`;
        return `    ${f.key} (${flags})${def}: ${f.description}`;
      });
      const head = `${p.id.padEnd(14)} ${p.title} — ${p.description}`;
      return [
        head,
        `    package: ${p.package} (${p.licence})`,
        `    network: ${p.network}`,
        `    roles: ${roleSummary(p)}`,
        ...(p.auth === 'oauth'
          ? [
              `    sign-in: on ${p.title.split(' (')[0]}'s own page, after adding (switchboard signin ${p.id})`,
            ]
          : []),
        ...fields,
      ].join('\n');
    })
    .join('\n\n');
}
