import { join } from 'node:path';
import {
  ActionSchema,
  ServerStatusSchema,
  type Config,
  type ServerView,
} from '../../shared/model.js';
import { ControlError, type ControlApi } from '../../shared/control.js';
import { createHttpControlApi } from '../../shared/http-control.js';
import * as edits from '../control/config-edits.js';
import { createConfigMethods, validConfig } from '../control/config-methods.js';
import { createSetupMethods } from '../control/setup-methods.js';
import {
  CONTROL_TOKEN_FILE,
  configProblem,
  createFileConfigStore,
  describeCondition,
  readTextIfExists,
} from '../gateway/index.js';
import { UsageError, stringOption, type ParsedArgs } from './args.js';
import { CONDITION_FORMS, parseConditionText } from './condition-text.js';
import { explainOffline } from './explain.js';
import { readRuntimeFile } from './runtime-file.js';

/** The part of the control API the admin commands use. */
export type AdminApi = Pick<
  ControlApi,
  | 'listKeys'
  | 'createKey'
  | 'revokeKey'
  | 'listRoles'
  | 'createRole'
  | 'deleteRole'
  | 'setRule'
  | 'explainDecision'
  | 'listApprovals'
  | 'decideApproval'
  | 'addPreset'
  | 'previewImport'
  | 'applyImport'
  | 'getSnippets'
  | 'listChanges'
  | 'decideChange'
  | 'exportSetup'
  | 'importSetup'
  | 'listServers'
  | 'getServerLogs'
  | 'removeServer'
  | 'startSignIn'
  | 'getSignIn'
  | 'signOut'
  | 'setServerSettings'
>;

/** Output sinks, injected so tests can read what a command printed. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/**
 * The control API of a data directory: the running gateway's (over HTTP, with the control
 * token), or — when no gateway runs — edits of the config file itself.
 */
export function adminApi(dataDir: string): { api: AdminApi; live: boolean } {
  const runtime = readRuntimeFile(dataDir);
  const token = readTextIfExists(join(dataDir, CONTROL_TOKEN_FILE))?.trim();
  if (runtime && token) {
    return {
      api: createHttpControlApi({ baseUrl: runtime.origin, token }),
      live: true,
    };
  }
  return { api: offlineApi(dataDir), live: false };
}

function offlineApi(dataDir: string): AdminApi {
  const store = createFileConfigStore(dataDir);
  const config = () => store.load().config;
  // The same validation as the running gateway's: a change the schema refuses is not saved.
  const commit = async (next: Config) => store.save(validConfig(next));
  const noGateway = async (): Promise<never> => {
    throw new ControlError(
      'unavailable',
      'no gateway is running for this data directory; start `switchboard serve`',
    );
  };
  return {
    ...createConfigMethods({ config, commit, now: Date.now }),
    explainDecision: async (input) => explainOffline(config(), input),
    listServers: async () => config().servers.map((s) => offlineServerView(config(), s.id)),
    // Only a running gateway has a server's stderr, its approvals and its tool changes.
    getServerLogs: noGateway,
    listApprovals: noGateway,
    decideApproval: noGateway,
    // The loopback redirect of a sign-in lands on the running gateway.
    startSignIn: noGateway,
    getSignIn: noGateway,
    signOut: noGateway,
    listChanges: noGateway,
    decideChange: noGateway,
    ...createSetupMethods({
      config,
      edit: (fn) => commit(fn(config())),
      serverView: (id) => offlineServerView(config(), id),
      dataDir,
      endpointUrl: () => `http://127.0.0.1:${config().settings.port}/mcp`,
      now: Date.now,
    }),
  };
}

/**
 * A server's view while no gateway runs: its config, the state it will start in, and what
 * its config shows will keep it from starting (a missing folder, a command not on PATH).
 */
function offlineServerView(config: Config, id: string): ServerView {
  const server = edits.serverOf(config, id);
  const problem = server.enabled ? configProblem(server) : undefined;
  return {
    config: edits.maskServer(server),
    status: ServerStatusSchema.parse({
      id,
      name: server.name ?? id,
      state: server.enabled ? 'asleep' : 'disabled',
      transport: server.transport.type,
      tools: 0,
      resources: 0,
      prompts: 0,
      ...(problem ? { lastError: problem } : {}),
    }),
  };
}

/** `switchboard keys …` */
export async function keysCommand(api: AdminApi, args: ParsedArgs, io: Output): Promise<void> {
  const [, sub = 'list', name] = args.positionals;
  if (sub === 'list') {
    const keys = await api.listKeys();
    if (args.options.has('json')) return io.out(JSON.stringify(keys, null, 2));
    if (keys.length === 0)
      return io.out('No keys. Create one: switchboard keys create --role admin');
    for (const k of keys)
      io.out(
        `${k.name}\t${k.role}\t${k.prefix}…\t${k.createdAt}${k.expiresAt ? `\texpires ${k.expiresAt}` : ''}`,
      );
    return;
  }
  if (sub === 'create') {
    const role = stringOption(args, 'role');
    if (!role) throw new UsageError('keys create needs --role ROLE');
    const keyName = stringOption(args, 'name') ?? `${role}-${Date.now().toString(36)}`;
    const expiresAt = stringOption(args, 'expires');
    const created = await api.createKey({
      name: keyName,
      role,
      ...(expiresAt ? { expiresAt } : {}),
    });
    // The key alone on stdout, so scripts can capture it; the rest goes to stderr.
    io.out(created.secret);
    io.err(
      `Created key "${created.key.name}" for role "${created.key.role}". It is shown only once.`,
    );
    return;
  }
  if (sub === 'revoke') {
    if (!name) throw new UsageError('keys revoke needs the key NAME');
    await api.revokeKey({ name });
    return io.err(`Revoked key "${name}".`);
  }
  throw new UsageError(`unknown keys command "${sub}"`);
}

/** `switchboard roles …` */
export async function rolesCommand(api: AdminApi, args: ParsedArgs, io: Output): Promise<void> {
  const [, sub = 'list', name] = args.positionals;
  if (sub === 'list') {
    const roles = await api.listRoles();
    if (args.options.has('json')) return io.out(JSON.stringify(roles, null, 2));
    for (const r of roles) io.out(`${r.name}\t${r.rules.length} rules\t${r.description}`);
    return;
  }
  if (!name) throw new UsageError(`roles ${sub} needs a role NAME`);
  if (sub === 'create') {
    await api.createRole({
      name,
      ...(args.options.has('from') ? { copyFrom: stringOption(args, 'from') } : {}),
    });
    return io.err(`Created role "${name}".`);
  }
  if (sub === 'delete') {
    await api.deleteRole({ name });
    return io.err(`Deleted role "${name}".`);
  }
  throw new UsageError(`unknown roles command "${sub}"`);
}

/** `switchboard rules ROLE` and `switchboard rules set ROLE PATTERN ACTION [--if COND]…` */
export async function rulesCommand(api: AdminApi, args: ParsedArgs, io: Output): Promise<void> {
  const words = args.positionals.slice(1);
  if (words[0] === 'set') {
    const [, role, pattern, action] = words;
    const parsed = ActionSchema.safeParse(action);
    if (!role || !pattern || !parsed.success)
      throw new UsageError(`rules set ROLE PATTERN allow|ask|deny [--if ${CONDITION_FORMS}]…`);
    const conditions = (args.repeated.get('if') ?? []).map(parseConditionText);
    const updated = await api.setRule({
      role,
      pattern,
      action: parsed.data,
      ...(conditions.length > 0 ? { conditions } : {}),
    });
    const when =
      conditions.length > 0 ? ` if ${conditions.map(describeCondition).join(' and ')}` : '';
    return io.err(
      `Role "${role}" now has ${updated.rules.length} rules; "${pattern}"${when} → ${parsed.data} comes first.`,
    );
  }
  const role = words[0];
  if (!role) throw new UsageError('rules ROLE');
  const found = (await api.listRoles()).find((r) => r.name === role);
  if (!found) throw new ControlError('not_found', `no role "${role}"`);
  if (args.options.has('json')) return io.out(JSON.stringify(found.rules, null, 2));
  found.rules.forEach((rule, i) =>
    io.out(
      `${i + 1}\t${rule.action}\t${rule.pattern}${(rule.conditions ?? []).map((c) => `\tif ${describeCondition(c)}`).join('')}${rule.until ? `\tuntil ${rule.until}` : ''}`,
    ),
  );
  if (found.rules.length === 0) io.out('(no rules: every tool gets its annotation default)');
}

/** `switchboard approvals`, `approve ID`, `deny ID [--always [--if COND]…]` */
export async function approvalsCommand(api: AdminApi, args: ParsedArgs, io: Output): Promise<void> {
  const [command, id] = args.positionals;
  if (command === 'approvals') {
    const pending = await api.listApprovals();
    if (args.options.has('json')) return io.out(JSON.stringify(pending, null, 2));
    if (pending.length === 0) return io.out('No calls are waiting for approval.');
    for (const a of pending)
      io.out(
        `${a.id}\t${a.keyName} (${a.role})\t${a.tool}\t${JSON.stringify(a.arguments).slice(0, 120)}`,
      );
    return;
  }
  if (!id) throw new UsageError(`${command} needs the approval ID`);
  const decision = command === 'approve' ? 'approve' : 'deny';
  const conditions = (args.repeated.get('if') ?? []).map(parseConditionText);
  const result = await api.decideApproval({
    id,
    decision,
    always: args.options.has('always'),
    ...(conditions.length > 0 ? { conditions } : {}),
  });
  if (result.result === 'already-settled') {
    throw new ControlError(
      'not_found',
      `approval ${id} is not waiting (decided, timed out or cancelled)`,
    );
  }
  io.err(
    `${decision === 'approve' ? 'Approved' : 'Denied'} ${id}${args.options.has('always') ? ' (and wrote a rule)' : ''}.`,
  );
}

/** `switchboard changes [--json]`, `changes accept ID|--all`, `changes reject ID` */
export async function changesCommand(api: AdminApi, args: ParsedArgs, io: Output): Promise<void> {
  const [, sub, id] = args.positionals;
  const changes = await api.listChanges();
  if (!sub) {
    if (args.options.has('json')) return io.out(JSON.stringify(changes, null, 2));
    if (changes.length === 0) return io.out('No tool waits for review.');
    for (const c of changes) {
      io.out(
        `${c.id}\t${c.server}\t${c.tool}\t${c.reason}${c.flags.length ? `\t${c.flags.join('; ')}` : ''}`,
      );
      io.out(c.diff.replace(/^/gm, '    '));
    }
    return;
  }
  if (sub !== 'accept' && sub !== 'reject')
    throw new UsageError(`unknown changes command "${sub}"`);
  const ids =
    sub === 'accept' && args.options.has('all') ? changes.map((c) => c.id) : id ? [id] : [];
  if (ids.length === 0)
    throw new UsageError(`changes ${sub} needs an ID${sub === 'accept' ? ' or --all' : ''}`);
  for (const changeId of ids) {
    const { result } = await api.decideChange({ id: changeId, decision: sub });
    if (result === 'not-found')
      throw new ControlError('not_found', `no tool waits for review under ${changeId}`);
    io.err(`${sub === 'accept' ? 'Accepted' : 'Rejected'} ${changeId}.`);
  }
}
