import { ServerConfigSchema, type ServerConfig } from '../../shared/model.js';
import { GatewayError } from '../gateway/index.js';
import { getPreset, instantiatePreset, type Preset, type PresetResolver } from './presets.js';

/**
 * `switchboard set SERVER K=V`: one setting changed on a server that exists. A preset's setting
 * (`root`, `url`) rebuilds the server from its preset, as `add` did; anything else names a
 * field of the server's config (`command`, `cwd`, `url`, `args`, `env.NAME`, `header.NAME`,
 * `callTimeoutMs` …). Secrets (`secrets`) go where the preset or the transport keeps them,
 * marked secret so they are sealed and masked.
 */
export interface SettingsChange {
  values: Readonly<Record<string, string>>;
  secrets: Readonly<Record<string, string>>;
}

/** A server with the change applied, plus the preset values to check when it has a preset. */
export interface ChangedServer {
  server: ServerConfig;
  preset?: { preset: Preset; values: Record<string, string> };
}

/** Fields of a server's config that `set` may not touch: its identity and its bookkeeping. */
const NOT_SETTABLE = new Set(['id', 'transport', 'secrets', 'preset', 'toolOverrides']);

/** Applies `change` to `server`; throws a GatewayError naming a key that fits nowhere. */
export function applySettings(
  server: ServerConfig,
  change: SettingsChange,
  options: { dataDir: string; resolve?: PresetResolver },
): ChangedServer {
  const preset = server.preset ? getPreset(server.preset.id) : undefined;
  const isPresetKey = (key: string) => preset?.fields.some((f) => f.key === key) === true;
  const presetValues: Record<string, string> = {};
  let next: ServerConfig = server;
  for (const [key, value] of Object.entries(change.values)) {
    if (isPresetKey(key)) presetValues[key] = value;
    else next = setField(next, key, value);
  }
  for (const [key, value] of Object.entries(change.secrets)) {
    if (isPresetKey(key)) presetValues[key] = value;
    else next = setSecret(next, key, value);
  }
  if (!preset || Object.keys(presetValues).length === 0) return { server: next };
  const values = { ...currentValues(server, preset), ...presetValues };
  const instance = instantiatePreset(preset, values, {
    dataDir: options.dataDir,
    id: server.id,
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  const rebuilt: ServerConfig = {
    ...next,
    transport: instance.server.transport,
    secrets: instance.server.secrets,
    ...(instance.server.preset ? { preset: instance.server.preset } : {}),
  };
  return { server: rebuilt, preset: { preset, values: instance.values } };
}

/**
 * The settings a preset server runs with: the plain ones it recorded, and each secret one read
 * back from the env entry or header whose template holds it (`Bearer ${field:token}`).
 */
function currentValues(server: ServerConfig, preset: Preset): Record<string, string> {
  const values: Record<string, string> = { ...server.preset?.values };
  const templates =
    preset.transport.type === 'stdio' ? preset.transport.env : preset.transport.headers;
  const t = server.transport;
  const actual = t.type === 'stdio' ? t.env : t.headers;
  for (const field of preset.fields.filter((f) => f.secret)) {
    const marker = `\${field:${field.key}}`;
    const entry = Object.entries(templates).find(([, template]) => template.includes(marker));
    const value = entry ? actual[entry[0]] : undefined;
    if (!entry || value === undefined) continue;
    const [before = '', after = ''] = entry[1].split(marker);
    if (value.startsWith(before) && value.endsWith(after)) {
      values[field.key] = value.slice(before.length, value.length - after.length);
    }
  }
  return values;
}

function setField(server: ServerConfig, key: string, value: string): ServerConfig {
  const t = server.transport;
  const dot = key.indexOf('.');
  if (dot > 0) {
    const [group, name] = [key.slice(0, dot), key.slice(dot + 1)];
    if (group === 'env' && t.type === 'stdio') {
      return { ...server, transport: { ...t, env: setEntry(t.env, name, value) } };
    }
    if (group === 'header' && t.type !== 'stdio') {
      return { ...server, transport: { ...t, headers: setEntry(t.headers, name, value) } };
    }
    throw unknownKey(server, key);
  }
  if (t.type === 'stdio' && (key === 'command' || key === 'cwd' || key === 'args')) {
    if (key === 'args') return { ...server, transport: { ...t, args: parseArgsValue(value) } };
    if (key === 'cwd' && value === '') {
      const { cwd: _cwd, ...rest } = t;
      return { ...server, transport: rest };
    }
    return { ...server, transport: { ...t, [key]: value } };
  }
  if (t.type !== 'stdio' && key === 'url') return { ...server, transport: { ...t, url: value } };
  const shape = ServerConfigSchema.shape as Record<
    string,
    { safeParse(v: unknown): { success: boolean } }
  >;
  const field = NOT_SETTABLE.has(key) ? undefined : shape[key];
  if (!field) throw unknownKey(server, key);
  const candidates: unknown[] = [
    value,
    Number(value),
    value === 'true' ? true : value === 'false' ? false : value,
  ];
  const fits = candidates.find((c) => field.safeParse(c).success);
  if (fits === undefined)
    throw new GatewayError('config_invalid', `${key}: "${value}" does not fit this setting`);
  return { ...server, [key]: fits };
}

function setSecret(server: ServerConfig, key: string, value: string): ServerConfig {
  const t = server.transport;
  const secrets = server.secrets.includes(key) ? server.secrets : [...server.secrets, key];
  if (t.type === 'stdio')
    return { ...server, secrets, transport: { ...t, env: { ...t.env, [key]: value } } };
  return { ...server, secrets, transport: { ...t, headers: { ...t.headers, [key]: value } } };
}

/** An env entry or header set, or removed when the value is empty. */
function setEntry(map: Record<string, string>, name: string, value: string) {
  const { [name]: _old, ...rest } = map;
  return value === '' ? rest : { ...rest, [name]: value };
}

/** `args` as a JSON array (`["-y","pkg"]`), else split on spaces. */
function parseArgsValue(value: string): string[] {
  if (value.trim().startsWith('[')) {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((a) => typeof a === 'string')) return parsed;
    throw new GatewayError('config_invalid', 'args: give a JSON array of strings, or words');
  }
  return value.split(/\s+/).filter(Boolean);
}

function unknownKey(server: ServerConfig, key: string): GatewayError {
  const presetKeys = server.preset ? getPreset(server.preset.id).fields.map((f) => f.key) : [];
  const transportKeys =
    server.transport.type === 'stdio'
      ? ['command', 'args', 'cwd', 'env.NAME']
      : ['url', 'header.NAME'];
  const settable = [
    ...presetKeys,
    ...transportKeys,
    'name',
    'callTimeoutMs',
    'startTimeoutMs',
    '…',
  ];
  return new GatewayError(
    'config_invalid',
    `"${key}" is not a setting of server ${server.id} (settings: ${settable.join(', ')})`,
  );
}
