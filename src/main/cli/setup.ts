import { readFileSync, writeFileSync } from 'node:fs';
import { ClientKindSchema, type ServerView } from '../../shared/model.js';
import { configProblem } from '../gateway/index.js';
import {
  allPresets,
  formatPresetList,
  getPreset,
  valuesFromCommandLine,
} from '../setup/presets.js';
import type { adminApi, Output } from './admin.js';
import { UsageError, stringOption, type ParsedArgs } from './args.js';
import { signInCommand } from './sign-in.js';

type Api = ReturnType<typeof adminApi>['api'];

/** `switchboard presets [--json]` */
export function presetsCommand(args: ParsedArgs, io: Output): void {
  if (args.options.has('json')) return io.out(JSON.stringify(allPresets(), null, 2));
  io.out(formatPresetList());
}

/**
 * `switchboard add PRESET [--id ID] [--set KEY=VALUE]… [--set-env KEY=VARIABLE]… [--signin]`.
 * `live`: a gateway runs for this data directory (only it can take a sign-in's redirect).
 */
export async function addCommand(
  api: Api,
  args: ParsedArgs,
  io: Output,
  live = true,
): Promise<void> {
  const presetId = args.positionals[1];
  if (!presetId) throw new UsageError('add needs a PRESET (see `switchboard presets`)');
  const values = valuesFromCommandLine(
    args.repeated.get('set') ?? [],
    args.repeated.get('set-env') ?? [],
  );
  const id = stringOption(args, 'id');
  const force = args.options.has('force');
  const added = await api.addPreset({ presetId, values, force, ...(id ? { id } : {}) });
  const view = await settled(api, added);
  const { state } = view.status;
  // No gateway runs (the server waits, asleep): judge it by what its config shows.
  const lastError = state === 'asleep' ? configProblem(view.config) : view.status.lastError;
  const broken = state === 'down' || (state === 'asleep' && lastError !== undefined);
  if (broken && !force) {
    await api.removeServer({ id: view.config.id });
    throw new Error(
      `server "${view.config.id}" cannot start: ${lastError ?? 'no reason given'}. ` +
        'It was not added; fix the settings, or add --force to keep it anyway.',
    );
  }
  io.err(`Added server "${view.config.id}" from preset "${presetId}" (${state}).`);
  if (broken) io.err(`It cannot start yet: ${lastError ?? 'no reason given'}.`);
  if (getPreset(presetId).auth === 'oauth' && state !== 'ready') {
    await signInNext(api, args, io, view.config.id, live);
  }
}

/**
 * After adding a server that signs people in (OAuth): the exact command that does it, or with
 * `--signin` the sign-in itself, so the person never has to find out what comes next.
 */
async function signInNext(api: Api, args: ParsedArgs, io: Output, id: string, live: boolean) {
  const dataDir = stringOption(args, 'data-dir');
  const command = `switchboard signin ${id}${dataDir ? ` --data-dir ${quoted(dataDir)}` : ''}`;
  if (!live) {
    io.err(`Next: start Switchboard (switchboard serve), then sign in: ${command}`);
    return;
  }
  if (!args.options.has('signin')) {
    io.err(`Next: sign in on ${id}'s own page: ${command}  (or add --signin to do it now)`);
    return;
  }
  const signin: ParsedArgs = { ...args, positionals: ['signin', id] };
  await signInCommand(api, signin, io);
}

/** A path as a shell takes it back (quoted only when it needs to be). */
function quoted(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * `switchboard set SERVER K=V… [--set-env K=VARIABLE]… [--force]`: changes settings (a preset's,
 * or config fields such as `command`, `cwd`, `env.NAME`), checked as `add` checks them; the
 * gateway restarts the server, and this says how it came back.
 */
export async function setCommand(api: Api, args: ParsedArgs, io: Output): Promise<void> {
  const [, id, ...pairs] = args.positionals;
  const fromEnv = args.repeated.get('set-env') ?? [];
  if (!id || (pairs.length === 0 && fromEnv.length === 0)) {
    throw new UsageError('set needs a SERVER and KEY=VALUE pairs or --set-env KEY=VARIABLE');
  }
  const values = valuesFromCommandLine(pairs, []);
  const secrets = valuesFromCommandLine([], fromEnv);
  const force = args.options.has('force');
  const changed = await api.setServerSettings({ id, values, secrets, force });
  const view = await settled(api, changed);
  const { state } = view.status;
  const lastError = state === 'asleep' ? configProblem(view.config) : view.status.lastError;
  const keys = [...Object.keys(values), ...Object.keys(secrets)].join(', ');
  io.err(`Set ${keys} on server "${id}" (${state}).`);
  if (state === 'down' || (state === 'asleep' && lastError !== undefined)) {
    io.err(`It cannot start: ${lastError ?? 'no reason given'}.`);
    if (!force) process.exitCode = 1;
  }
}

/** How long `add` waits for a server that is still starting to come up or fail. */
const SETTLE_TIMEOUT_MS = 60_000;

/** The server's view once it is no longer starting (or after SETTLE_TIMEOUT_MS). */
async function settled(api: Api, view: ServerView): Promise<ServerView> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let current = view;
  while (current.status.state === 'starting' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    current = (await api.listServers()).find((v) => v.config.id === view.config.id) ?? current;
  }
  return current;
}

/** `switchboard import [--client C --file F] [--apply [--rewrite --role R]] [--json]` */
export async function importCommand(api: Api, args: ParsedArgs, io: Output): Promise<void> {
  const clientText = stringOption(args, 'client');
  const file = stringOption(args, 'file');
  const client = clientText === undefined ? undefined : ClientKindSchema.safeParse(clientText);
  if (client && !client.success) {
    throw new UsageError(`--client is one of ${ClientKindSchema.options.join(', ')}`);
  }
  const previews = await api.previewImport({
    ...(client ? { client: client.data } : {}),
    ...(file ? { file } : {}),
  });
  if (!args.options.has('apply')) {
    if (args.options.has('json')) return io.out(JSON.stringify(previews, null, 2));
    if (previews.length === 0) return io.out('No MCP client configs with servers were found.');
    for (const p of previews) {
      io.out(`${p.client}\t${p.file}`);
      for (const s of p.servers) io.out(`  ${s.id}\t${describeTransport(s.transport)}`);
      for (const w of p.warnings) io.out(`  warning: ${w}`);
    }
    return io.out(
      'Nothing was changed. Add --apply (with --client and --file) to import; servers land disabled.',
    );
  }
  const preview = previews[0];
  if (!client?.success || !file || !preview)
    throw new UsageError('--apply needs --client and --file');
  const role = stringOption(args, 'role');
  const result = await api.applyImport({
    client: client.data,
    file,
    serverIds: preview.servers.map((s) => s.id),
    rewrite: args.options.has('rewrite'),
    ...(role ? { role } : {}),
  });
  io.err(
    `Imported ${result.added.length} servers, disabled: ${result.added.join(', ') || '(none)'}.`,
  );
  if (result.unchanged?.length) {
    io.err(`Already here, unchanged (not added again): ${result.unchanged.join(', ')}.`);
  }
  if (result.backup)
    io.err(`${file} now points at Switchboard; the original is at ${result.backup}.`);
}

function describeTransport(t: {
  type: string;
  command?: string;
  args?: string[];
  url?: string;
}): string {
  return t.type === 'stdio' ? `${t.command} ${(t.args ?? []).join(' ')}` : `${t.type} ${t.url}`;
}

/** `switchboard setup export [--out FILE]`, `switchboard setup import FILE` */
export async function setupCommand(api: Api, args: ParsedArgs, io: Output): Promise<void> {
  const [, sub, file] = args.positionals;
  if (sub === 'export') {
    const { json } = await api.exportSetup();
    const out = stringOption(args, 'out');
    if (!out) return io.out(json);
    writeFileSync(out, `${json}\n`, { mode: 0o600 });
    return io.err(`Wrote the setup to ${out} (no secrets, no keys).`);
  }
  if (sub === 'import') {
    if (!file) throw new UsageError('setup import needs the FILE');
    const result = await api.importSetup({ json: readFileSync(file, 'utf8') });
    io.err(`Imported ${result.servers.length} servers and ${result.roles.length} roles.`);
    for (const n of result.needsSecrets) {
      io.err(`Server "${n.server}" is disabled until you enter: ${n.names.join(', ')}.`);
    }
    return;
  }
  throw new UsageError('setup export [--out FILE] | setup import FILE');
}
