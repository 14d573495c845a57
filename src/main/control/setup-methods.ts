import { ControlError, type ApplyImportResult, type ControlApi } from '../../shared/control.js';
import type { Config, ImportPreview, PresetView, ServerView } from '../../shared/model.js';
import { detectClientConfigs, readClientConfig, rewriteClientConfig } from '../setup/importers.js';
import { generateKey, keyRecord } from '../gateway/http/keys.js';
import { PRESETS, getPreset, instantiatePreset } from '../setup/presets.js';
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
}

type SetupMethods = Pick<
  ControlApi,
  'listPresets' | 'addPreset' | 'previewImport' | 'applyImport' | 'getSnippets'
>;

/**
 * The control methods that bring servers in: presets of the seven server kinds, imports from
 * other MCP clients' configs, and connection snippets. Imported servers land disabled (#10).
 */
export function createSetupMethods(deps: SetupDeps): SetupMethods {
  return {
    listPresets: async () => PRESETS.map(presetView),
    async addPreset({ presetId, id, values }) {
      const preset = findPreset(presetId);
      const roles = deps.config().roles.map((r) => r.name);
      const instance = instantiatePreset(preset, values ?? {}, {
        dataDir: deps.dataDir,
        roles,
        ...(id ? { id } : {}),
      });
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
    async previewImport({ client, file, projectDir }): Promise<ImportPreview[]> {
      const taken = deps.config().servers.map((s) => s.id);
      if (client && file) return [readClientConfig(client, file, taken)];
      if (client || file)
        throw new ControlError('invalid_input', 'give both client and file, or neither');
      return detectClientConfigs(projectDir ? { projectDir } : {}, taken);
    },
    async applyImport({ client, file, serverIds, rewrite, role }): Promise<ApplyImportResult> {
      const preview = readClientConfig(
        client,
        file,
        deps.config().servers.map((s) => s.id),
      );
      const chosen = preview.servers.filter((s) => serverIds.includes(s.id));
      const missing = serverIds.filter((id) => !chosen.some((s) => s.id === id));
      if (missing.length > 0)
        throw new ControlError('not_found', `not in ${file}: ${missing.join(', ')}`);
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
      if (!rewrite || !key) return { added };
      const { backup } = rewriteClientConfig(client, file, { url: deps.endpointUrl(), key });
      return { added, backup };
    },
    getSnippets: async ({ key }) =>
      connectionSnippets({ url: deps.endpointUrl(), key: key ?? '<YOUR_KEY>' }),
  };
}

function findPreset(id: string) {
  try {
    return getPreset(id);
  } catch {
    throw new ControlError('not_found', `no preset "${id}"; see listPresets`);
  }
}

function presetView(preset: (typeof PRESETS)[number]): PresetView {
  const { id, kind, title, description, package: pkg, licence, network, bundled, fields } = preset;
  return { id, kind, title, description, package: pkg, licence, network, bundled, fields };
}
