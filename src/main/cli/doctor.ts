import { accessSync, constants, existsSync, statSync } from 'node:fs';
import type { Config, ServerView } from '../../shared/model.js';
import { configProblem, createFileConfigStore } from '../gateway/index.js';
import type { Output } from './admin.js';

/** One thing wrong, and what to do about it. */
export interface Problem {
  /** The server it is about, if any. */
  server?: string;
  what: string;
  fix: string;
}

/** What the doctor looks at: the data directory, its config, and the servers' live state. */
export interface DoctorInput {
  dataDir: string;
  /** The running gateway's servers; undefined when no gateway runs. */
  live: ServerView[] | undefined;
}

/**
 * Every problem of a setup, one per line with its fix. A server is judged by its live state
 * when a gateway runs, else by what its config shows (a missing folder, a command not found).
 */
export function diagnose({ dataDir, live }: DoctorInput): { problems: Problem[]; config?: Config } {
  const problems = dataDirProblems(dataDir);
  if (problems.length > 0) return { problems };
  const { config, warnings } = createFileConfigStore(dataDir).load();
  for (const warning of warnings) problems.push({ what: warning, fix: 'see the line above' });
  for (const server of config.servers.filter((s) => s.enabled)) {
    const view = live?.find((v) => v.config.id === server.id);
    const why =
      view === undefined
        ? configProblem(server)
        : view.status.state === 'down'
          ? (view.status.lastError ?? 'it is down')
          : undefined;
    if (why) problems.push({ server: server.id, what: why, fix: fixFor(server.id, why) });
  }
  return { problems, config };
}

function dataDirProblems(dataDir: string): Problem[] {
  if (!existsSync(dataDir)) {
    return [
      { what: `data directory ${dataDir} does not exist`, fix: 'run `switchboard serve` once' },
    ];
  }
  if (!statSync(dataDir).isDirectory()) {
    return [{ what: `${dataDir} is not a folder`, fix: 'pass another --data-dir' }];
  }
  try {
    accessSync(dataDir, constants.W_OK);
  } catch {
    return [{ what: `data directory ${dataDir} is not writable`, fix: `chmod u+w ${dataDir}` }];
  }
  return [];
}

function fixFor(id: string, why: string): string {
  if (why.startsWith('folder '))
    return `create the folder, or: switchboard remove ${id} and add it again with another folder`;
  if (why.startsWith('command ')) return `install it, or: switchboard remove ${id}`;
  if (why.startsWith('connection refused') || why.startsWith('connecting to')) {
    return 'start that server, or check its URL';
  }
  if (why.startsWith('host ')) return 'check the URL’s host name';
  return `read switchboard logs ${id}; fix its settings or: switchboard remove ${id}`;
}

/** `switchboard doctor`: prints problems with fixes; returns how many there were. */
export function printDiagnosis(input: DoctorInput, io: Output): number {
  const { problems, config } = diagnose(input);
  for (const p of problems) {
    io.out(`${p.server ? `server ${p.server}: ` : ''}${p.what} — fix: ${p.fix}`);
  }
  const servers = config?.servers.filter((s) => s.enabled).length ?? 0;
  const how = input.live ? 'live, from the running gateway' : 'from the config; no gateway runs';
  io.out(
    problems.length === 0
      ? `All good: data directory ${input.dataDir}, ${servers} servers (${how}).`
      : `${problems.length} problem${problems.length === 1 ? '' : 's'} (${how}).`,
  );
  return problems.length;
}
