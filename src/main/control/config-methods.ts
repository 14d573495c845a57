import { ControlError, type ControlApi } from '../../shared/control.js';
import { ConfigSchema, type Config, type KeyView } from '../../shared/model.js';
import { conditionArgProblem, generateKey, keyRecord } from '../gateway/index.js';
import type { CatalogTool } from '../gateway/index.js';
import * as edits from './config-edits.js';
import { dropServerRules } from './server-rules.js';
import { exportSetupFile, importSetupFile } from './setup-file.js';

/** Where the config methods read and write: the running gateway, or the file when none runs. */
export interface ConfigMethodsDeps {
  config(): Config;
  /** Validates (see `validConfig`), saves and applies a new config. */
  commit(next: Config): Promise<void>;
  now(): number;
  /** The tools a rule's conditions are checked against; absent when no gateway runs. */
  tools?(): readonly CatalogTool[];
}

type ConfigMethods = Pick<
  ControlApi,
  | 'listKeys'
  | 'createKey'
  | 'revokeKey'
  | 'listRoles'
  | 'createRole'
  | 'renameRole'
  | 'deleteRole'
  | 'setRules'
  | 'setRule'
  | 'removeServer'
  | 'setPaused'
  | 'exportSetup'
  | 'importSetup'
>;

/** A config that passes the schema, or the ControlError that says what is wrong with it. */
export function validConfig(next: Config): Config {
  const parsed = ConfigSchema.safeParse(next);
  if (!parsed.success) {
    throw new ControlError('invalid_input', parsed.error.issues[0]?.message ?? 'invalid config');
  }
  return parsed.data;
}

/** What a key shows: never its hash. */
export const keyViews = (config: Config): KeyView[] =>
  config.keys.map(({ name, role, prefix, createdAt, expiresAt }) => ({
    name,
    role,
    prefix,
    createdAt,
    ...(expiresAt ? { expiresAt } : {}),
  }));

/**
 * The control methods that only edit the config: keys, roles and rules, removing a server with
 * its rules, the pause, and the setup file. The control service and the CLI's offline mode (no
 * gateway running) both build theirs here, so the two cannot drift apart.
 */
export function createConfigMethods(deps: ConfigMethodsDeps): ConfigMethods {
  const edit = (fn: (config: Config) => Config) => deps.commit(fn(deps.config()));
  return {
    listKeys: async () => keyViews(deps.config()),
    async createKey({ name, role, expiresAt }) {
      const secret = generateKey();
      const expiry = expiresAt ? Date.parse(expiresAt) : undefined;
      await edit((c) => edits.addKey(c, keyRecord(name, role, secret, deps.now(), expiry)));
      return { key: keyViews(deps.config()).find((k) => k.name === name)!, secret };
    },
    async revokeKey({ name }) {
      await edit((c) => edits.revokeKey(c, name));
    },
    listRoles: async () => deps.config().roles,
    async createRole({ name, description, copyFrom }) {
      await edit((c) => edits.createRole(c, name, description, copyFrom));
      return edits.roleOf(deps.config(), name);
    },
    async renameRole({ from, to }) {
      await edit((c) => edits.renameRole(c, from, to));
      return edits.roleOf(deps.config(), to);
    },
    async deleteRole({ name }) {
      await edit((c) => edits.deleteRole(c, name));
    },
    async setRules({ role, rules }) {
      await edit((c) => edits.setRules(c, role, rules));
      return edits.roleOf(deps.config(), role);
    },
    async setRule({ role, pattern, action, conditions }) {
      const tools = deps.tools?.();
      const unknownArg = conditions && tools && conditionArgProblem(tools, pattern, conditions);
      if (unknownArg) throw new ControlError('invalid_input', unknownArg);
      await edit((c) => edits.setRule(c, role, pattern, action, conditions));
      return edits.roleOf(deps.config(), role);
    },
    async removeServer({ id }) {
      let rulesRemoved = 0;
      await edit((c) => {
        const dropped = dropServerRules(edits.removeServer(c, id), id);
        rulesRemoved = dropped.removed;
        return dropped.config;
      });
      return { rulesRemoved };
    },
    async setPaused({ paused }) {
      // Saved like any setting, so it outlives a restart; the gateway publishes the change.
      await edit((c) => ({ ...c, settings: { ...c.settings, paused } }));
    },
    exportSetup: async () => ({
      json: JSON.stringify(exportSetupFile(deps.config(), new Date(deps.now())), null, 2),
    }),
    async importSetup({ json }) {
      const { config, result } = importSetupFile(deps.config(), json);
      await deps.commit(config);
      return result;
    },
  };
}
