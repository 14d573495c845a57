import {
  adminApi,
  approvalsCommand,
  changesCommand,
  keysCommand,
  rolesCommand,
  rulesCommand,
  type AdminApi,
  type Output,
} from './admin.js';
import { UsageError, stringOption, type ParsedArgs } from './args.js';
import { explainCommand } from './explain.js';
import { fixWiring, printDiagnosis } from './doctor.js';
import { readRuntimeFile } from './runtime-file.js';
import { signInCommand, signOutCommand } from './sign-in.js';
import { logsCommand, removeCommand, serversCommand } from './servers.js';
import { addCommand, importCommand, presetsCommand, setCommand, setupCommand } from './setup.js';

/**
 * Every command but \`serve\` and \`connect\`: the ones that read or change the setup, through
 * the running gateway when there is one (adminApi), else on the data directory's files.
 */
export async function adminCommand(
  command: string,
  dataDir: string,
  args: ParsedArgs,
  io: Output,
): Promise<void> {
  if (command === 'presets') return presetsCommand(args, io);
  const { api, live } = adminApi(dataDir);
  if (command === 'doctor') return doctorCommand(dataDir, args, live ? api : undefined, api, io);
  if (command === 'add') return addCommand(api, args, io, live);
  if (command === 'set') return setCommand(api, args, io);
  if (command === 'import') return importCommand(api, args, io);
  if (command === 'setup') return setupCommand(api, args, io);
  if (command === 'keys') return keysCommand(api, args, io);
  if (command === 'roles') return rolesCommand(api, args, io);
  if (command === 'rules') return rulesCommand(api, args, io);
  if (command === 'explain') return explainCommand(api, args, io);
  if (['approvals', 'approve', 'deny'].includes(command)) return approvalsCommand(api, args, io);
  if (command === 'changes') return changesCommand(api, args, io);
  if (command === 'servers') return serversCommand(api, args, io);
  if (command === 'logs') return logsCommand(api, args, io);
  if (command === 'remove') return removeCommand(api, args, io);
  if (command === 'signin') return signInCommand(api, args, io);
  if (command === 'signout') return signOutCommand(api, args, io);
  throw new UsageError(`unknown command "${command}"`);
}

/**
 * `switchboard doctor [--fix [--role R]]`: exits 1 when something is wrong (each problem printed
 * with its fix); `--fix` repairs the client configs that drifted, then checks again.
 */
async function doctorCommand(
  dataDir: string,
  args: ParsedArgs,
  live: AdminApi | undefined,
  api: AdminApi,
  io: Output,
): Promise<void> {
  const runtime = readRuntimeFile(dataDir);
  const endpointUrl = live && runtime ? `${runtime.origin}/mcp` : undefined;
  const input = {
    dataDir,
    live: live ? await live.listServers() : undefined,
    ...(endpointUrl ? { endpointUrl } : {}),
  };
  const first = printDiagnosis(input, io);
  if (args.options.has('fix') && first.wiring.length > 0) {
    const url = first.endpointUrl;
    await fixWiring(
      first.wiring,
      {
        createKey: api.createKey,
        endpointUrl: url,
        role: stringOption(args, 'role') ?? 'coder',
        now: Date.now(),
      },
      io,
    );
    const again = printDiagnosis(input, io);
    if (again.count > 0) process.exitCode = 1;
    return;
  }
  if (first.count > 0) process.exitCode = 1;
}
