import { ControlError, type ApplyImportResult, type ControlApi } from '../../shared/control.js';
import type {
  Config,
  ImportPreview,
  PresetView,
  ServerConfig,
  ServerView,
} from '../../shared/model.js';
import { detectClientConfigs, readClientConfig, rewriteClientConfig } from '../setup/importers.js';
import type { LocationOptions } from '../setup/importers.js';
import { GatewayError, generateKey, keyRecord } from '../gateway/index.js';
import { allPresets, getPreset, instantiatePreset, type Preset } from '../setup/presets.js';
import { checkClientWiring, repairClientFile, wiredKey } from '../setup/client-wiring.js';
import { sameServer } from '../setup/import-fidelity.js';
import { applySettings } from '../setup/server-settings.js';
import { checkPresetValues, checkServerConfig } from '../setup/settings-check.js';
import { connectionSnippets } from '../setup/snippets.js';
import * as edits from './config-edits.js';

/** What the setup methods need from the control service. */
export interface SetupDeps {
  config(): Config;
  edit(fn: (config: Config) => Config): Promise<void>;
  serverView(id: string): ServerView;
  dataDir: string;
  endpointUrl(): string;
  now(): number;
  /** Where client configs are looked for (default: this user's). */
  locations?: LocationOptions;
}

type SetupMethods = Pick<
  ControlApi,
  | 'listPresets'
  | 'addPreset'
  | 'setServerSettings'
  | 'previewImport'
  | 'applyImport'
  | 'getSnippets'
  | 'listClientWiring'
  | 'updateClientWiring'
>;

/**
 * The control methods that bring servers in: presets of the eight server kinds, imports from
 * other MCP clients' configs, and connection snippets. Imported servers land disabled.
 */
export function createSetupMethods(deps: SetupDeps): SetupMethods {
  return {
    listPresets: async () => allPresets().map(presetView),
    async addPreset({ presetId, id, values, force }) {
      const preset = findPreset(presetId);
      const roles = deps.config().roles;
      const instance = asControlError(() =>
        instantiatePreset(preset, values ?? {}, {
          dataDir: deps.dataDir,
          roles,
          ...(id ? { id } : {}),
        }),
      );
      if (!force) {
        const problems = await checkPresetValues(preset.fields, instance.values);
        if (problems.length === 0) problems.push(...checkServerConfig(instance.server));
        refuse(`Cannot add ${instance.server.id}`, problems);
      }
      await deps.edit((config) => {
        let next = edits.addServer(config, instance.server);
        for (const { role, rules } of instance.roleRules) {
          const current = edits.roleOf(next, role);
          next = edits.setRules(next, role, [...rules, ...current.rules]);
        }
        return next;
      });
      return deps.serverView(instance.server.id);
    },
    async setServerSettings({ id, values, secrets, force }) {
      const current = edits.serverOf(deps.config(), id);
      const change = { values: values ?? {}, secrets: secrets ?? {} };
      const changed = asControlError(() =>
        applySettings(current, change, { dataDir: deps.dataDir }),
      );
      if (!force) {
        const problems = changed.preset
          ? await checkPresetValues(changed.preset.preset.fields, changed.preset.values)
          : [];
        if (problems.length === 0) problems.push(...checkServerConfig(changed.server));
        refuse(`Cannot change ${id}`, problems);
      }
      await deps.edit((config) => edits.updateServer(config, id, changed.server));
      return deps.serverView(id);
    },
    async previewImport({ client, file, projectDir }): Promise<ImportPreview[]> {
      const current = deps.config().servers;
      const taken = current.map((s) => s.id);
      if (client && file) return [shownPreview(readClientConfig(client, file, taken), current)];
      if (client || file)
        throw new ControlError('invalid_input', 'give both client and file, or neither');
      return detectClientConfigs(projectDir ? { projectDir } : {}, taken).map((p) =>
        shownPreview(p, current),
      );
    },
    async applyImport({ client, file, serverIds, rewrite, role }): Promise<ApplyImportResult> {
      const current = deps.config().servers;
      const preview = readClientConfig(
        client,
        file,
        current.map((s) => s.id),
      );
      const picked = preview.servers.filter((s) => serverIds.includes(s.id));
      const missing = serverIds.filter((id) => !picked.some((s) => s.id === id));
      if (missing.length > 0)
        throw new ControlError('not_found', `not in ${file}: ${missing.join(', ')}`);
      // A server that starts exactly as one already here is that one: importing again adds nothing.
      const unchanged = picked.filter((s) => sameServer(current, s)).map((s) => s.id);
      const chosen = picked.filter((s) => !unchanged.includes(s.id));
      let key: string | undefined;
      await deps.edit((config) => {
        let next = chosen.reduce(
          (c, server) => edits.addServer(c, { ...server, enabled: false }),
          config,
        );
        if (rewrite) {
          key = generateKey();
          next = edits.addKey(
            next,
            keyRecord(`${client}-${deps.now().toString(36)}`, role ?? 'coder', key, deps.now()),
          );
        }
        return next;
      });
      const added = chosen.map((s) => s.id);
      const same = unchanged.length > 0 ? { unchanged } : {};
      if (!rewrite || !key) return { added, ...same };
      const { backup } = rewriteClientConfig(client, file, { url: deps.endpointUrl(), key });
      return { added, ...same, backup };
    },
    listClientWiring: async () =>
      checkClientWiring(
        { url: deps.endpointUrl(), keys: deps.config().keys, now: deps.now() },
        deps.locations ?? {},
      ),
    async updateClientWiring({ client, file, role }) {
      const found = checkClientWiring(
        { url: deps.endpointUrl(), keys: deps.config().keys, now: deps.now() },
        deps.locations ?? {},
      ).find((w) => w.client === client && w.file === file);
      if (!found) throw new ControlError('not_found', `${file} needs no repair`);
      let key = found.needsKey ? undefined : wiredKey(client, file);
      if (key === undefined) {
        const secret = generateKey();
        const name = `${client}-${deps.now().toString(36)}`;
        await deps.edit((c) =>
          edits.addKey(c, keyRecord(name, role ?? 'coder', secret, deps.now())),
        );
        key = secret;
      }
      return repairClientFile(client, file, { url: deps.endpointUrl(), key });
    },
    getSnippets: async ({ key }) =>
      connectionSnippets({ url: deps.endpointUrl(), key: key ?? '<YOUR_KEY>' }),
  };
}

/**
 * A preview as the control API shows it: secret values masked (as the server list masks them),
 * and a server already imported (it starts the same way) left out with a note saying so.
 */
function shownPreview(preview: ImportPreview, current: readonly ServerConfig[]): ImportPreview {
  const notes: string[] = [];
  const servers = preview.servers.filter((server) => {
    const known = sameServer(current, server);
    if (known) notes.push(`"${server.id}" is already here as "${known.id}" (unchanged); skipped`);
    return !known;
  });
  return {
    ...preview,
    servers: servers.map(edits.maskServer),
    warnings: [...preview.warnings, ...notes],
  };
}

/**
 * Throws the problems found by the checks made at add and edit, as one message that names each
 * setting and says how to keep the server anyway.
 */
export function refuse(what: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new ControlError(
    'invalid_input',
    `${what}: ${problems.join('; ')}. Fix the setting, or keep it anyway with force (--force).`,
  );
}

/** A GatewayError from building a config (a bad value) as the control API's invalid_input. */
function asControlError<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof GatewayError) throw new ControlError('invalid_input', error.message);
    throw error;
  }
}

function findPreset(id: string) {
  try {
    return getPreset(id);
  } catch {
    throw new ControlError('not_found', `no preset "${id}"; see listPresets`);
  }
}

function presetView(preset: Preset): PresetView {
  const { id, kind, title, description, package: pkg, licence, network, bundled, fields } = preset;
  const view = { id, kind, title, description, package: pkg, licence, network, bundled, fields };
  return preset.auth ? { ...view, auth: preset.auth } : view;
}
