import type { ControlApi, ServerLogs } from '../../shared/control.js';
import type { ServerView } from '../../shared/model.js';
import type { Output } from './admin.js';
import { UsageError, type ParsedArgs } from './args.js';

type ServersApi = Pick<ControlApi, 'listServers' | 'getServerLogs'>;

/** How often `logs --follow` asks the gateway for new lines. */
const FOLLOW_INTERVAL_MS = 1_000;

/** `switchboard servers [--json]`: state, tools, uptime and, for a server that is down, why. */
export async function serversCommand(
  api: ServersApi,
  args: ParsedArgs,
  io: Output,
  now = Date.now(),
): Promise<void> {
  const views = await api.listServers();
  if (args.options.has('json')) {
    return io.out(
      JSON.stringify(
        views.map((v) => serverSummary(v, now)),
        null,
        2,
      ),
    );
  }
  if (views.length === 0)
    return io.out('No servers. Add one: switchboard presets, switchboard add');
  for (const view of views) {
    const s = serverSummary(view, now);
    const up = s.uptimeSeconds === undefined ? '' : `\tup ${formatDuration(s.uptimeSeconds)}`;
    io.out(`${s.id}\t${s.state}\t${s.tools} tools${up}`);
    if (s.lastError) io.out(`  why: ${s.lastError}`);
  }
}

/** One server as `servers --json` prints it. */
export function serverSummary(view: ServerView, now: number) {
  const { status } = view;
  const since = status.readySince ? Date.parse(status.readySince) : undefined;
  return {
    id: status.id,
    state: status.state,
    transport: status.transport,
    tools: status.tools,
    ...(since === undefined
      ? {}
      : { uptimeSeconds: Math.max(0, Math.round((now - since) / 1000)) }),
    ...(status.lastError ? { lastError: status.lastError } : {}),
  };
}

/** 3725 → "1h 2m"; 42 → "42s". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** `switchboard logs SERVER [--follow]`: the server's stderr, secrets masked. */
export async function logsCommand(api: ServersApi, args: ParsedArgs, io: Output): Promise<void> {
  const id = args.positionals[1];
  if (!id) throw new UsageError('logs needs a SERVER id (see `switchboard servers`)');
  let shown = printLogs(await api.getServerLogs({ id }), [], io);
  if (!args.options.has('follow')) return;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_INTERVAL_MS));
    shown = printLogs(await api.getServerLogs({ id }), shown, io);
  }
}

/** Prints the lines not shown yet and returns what is shown now. */
function printLogs(logs: ServerLogs, shown: string[], io: Output): string[] {
  const fresh = newLines(shown, logs.lines);
  for (const line of fresh) io.out(line);
  if (shown.length === 0 && logs.lines.length === 0) {
    io.err(`(server ${logs.id} is ${logs.state} and wrote nothing to stderr)`);
  }
  if (shown.length === 0 && logs.lastError) io.err(`last error: ${logs.lastError}`);
  return logs.lines;
}

/**
 * The lines of a bounded tail that came after `before`: the longest end of `before` that
 * starts `after` is what was already printed.
 */
export function newLines(before: readonly string[], after: readonly string[]): string[] {
  for (let overlap = Math.min(before.length, after.length); overlap > 0; overlap--) {
    const tail = before.slice(before.length - overlap);
    if (tail.every((line, i) => line === after[i])) return after.slice(overlap);
  }
  return [...after];
}

/** `switchboard remove SERVER`: the server and its own rules. */
export async function removeCommand(
  api: Pick<ControlApi, 'removeServer'>,
  args: ParsedArgs,
  io: Output,
): Promise<void> {
  const id = args.positionals[1];
  if (!id) throw new UsageError('remove needs a SERVER id');
  const { rulesRemoved } = await api.removeServer({ id });
  io.err(
    `Removed server "${id}" and ${rulesRemoved} rule${rulesRemoved === 1 ? '' : 's'} naming it.`,
  );
}
