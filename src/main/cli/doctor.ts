import { accessSync, constants, existsSync, statSync } from 'node:fs';
import type { Config, ServerView } from '../../shared/model.js';
import { configProblem, createFileConfigStore } from '../gateway/index.js';
import {
  checkClientWiring,
  repairClientFile,
  wiredKey,
  type WiringProblem,
} from '../setup/client-wiring.js';
import type { LocationOptions } from '../setup/importers.js';
import type { Output } from './admin.js';

/** One thing wrong, and what to do about it. */
export interface Problem {
  /** The server it is about, if any. */
  server?: string;
  what: string;
  fix: string;
}

/** What the doctor looks at: the data directory, its config, the servers' live state, clients. */
export interface DoctorInput {
  dataDir: string;
  /** The running gateway's servers; undefined when no gateway runs. */
  live: ServerView[] | undefined;
  /** The endpoint clients should point at (the running gateway's, else the configured port). */
  endpointUrl?: string;
  /** Where client configs are looked for (default: this user's, and the current folder's). */
  locations?: LocationOptions;
}

/**
 * Every problem of a setup, one per line with its fix. A server is judged by its live state
 * when a gateway runs, else by what its config shows (a missing folder, a command not found).
 */
export function diagnose({ dataDir, live, endpointUrl, locations }: DoctorInput): {
  problems: Problem[];
  config?: Config;
  wiring: WiringProblem[];
  endpointUrl?: string;
} {
  const problems = dataDirProblems(dataDir);
  if (problems.length > 0) return { problems, wiring: [] };
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
  const url = endpointUrl ?? `http://127.0.0.1:${config.settings.port}/mcp`;
  const wiring = checkClientWiring(
    { url, keys: config.keys, now: Date.now() },
    locations ?? { projectDir: process.cwd() },
  );
  for (const w of wiring) {
    const fix = w.needsKey
      ? 'switchboard doctor --fix (a new key; the file is backed up first)'
      : 'switchboard doctor --fix (the file is backed up first)';
    problems.push({ what: `client ${w.client} (${w.file}) ${w.what}`, fix });
  }
  return { problems, config, wiring, endpointUrl: url };
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

/** `switchboard doctor`: prints problems with fixes; returns them, with the clients that drifted. */
export function printDiagnosis(
  input: DoctorInput,
  io: Output,
): { count: number; wiring: WiringProblem[]; endpointUrl: string } {
  const { problems, config, wiring, endpointUrl } = diagnose(input);
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
  return { count: problems.length, wiring, endpointUrl: endpointUrl ?? '' };
}

/** What `doctor --fix` needs: a way to make a key for a client whose key is no longer accepted. */
export interface FixDeps {
  createKey(input: { name: string; role: string }): Promise<{ secret: string }>;
  endpointUrl: string;
  role: string;
  now: number;
}

/**
 * `doctor --fix`: points each drifted client file at Switchboard again, after a backup; a client
 * whose key is no longer accepted gets a new key (of `role`). Returns how many were repaired.
 */
export async function fixWiring(wiring: WiringProblem[], deps: FixDeps, io: Output) {
  let repaired = 0;
  for (const w of wiring) {
    const kept = w.needsKey ? undefined : wiredKey(w.client, w.file);
    const key =
      kept ??
      (await deps.createKey({ name: `${w.client}-${deps.now.toString(36)}`, role: deps.role }))
        .secret;
    const { backup } = repairClientFile(w.client, w.file, { url: deps.endpointUrl, key });
    io.out(`Repaired ${w.file}: it points at ${deps.endpointUrl} again (backup: ${backup}).`);
    repaired += 1;
  }
  return repaired;
}
