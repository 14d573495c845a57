import path from 'node:path';

/*
 * How the app starts a stdio server (the pure part of desktop-ports.ts's launcher, so the
 * packaging test can run the same decisions against the packaged file set without Electron).
 *
 * - `${node} <script.cjs|.js> …` with ELECTRON_RUN_AS_NODE=1 (the presets' form; `${node}` is
 *   the app binary here, whose RunAsNode fuse is off): the script runs in a utility process,
 *   which reads it from app.asar. Node options before the script go to its execArgv.
 * - Anything else is spawned; a command inside app.asar (a preset's native executable) is
 *   spawned from app.asar.unpacked, where electron-builder's `asarUnpack` put it, since nothing
 *   inside the archive can be executed.
 */

/** A server run in a utility process, or spawned. */
export type AppLaunch =
  | { kind: 'utility'; entry: string; args: string[]; execArgv: string[] }
  | { kind: 'spawn'; command: string; args: string[]; cwd?: string };

const ASAR_SEGMENT = /([\\/])app\.asar(?=[\\/]|$)/;

/** `…/app.asar/x` → `…/app.asar.unpacked/x`; other paths unchanged. */
export function unpackedPath(file: string): string {
  return file.replace(ASAR_SEGMENT, '$1app.asar.unpacked');
}

/** Where `command args` runs in the app whose binary is `execPath`. */
export function planAppLaunch(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  cwd: string | undefined,
  execPath: string,
): AppLaunch {
  const at = args.findIndex((a) => !a.startsWith('-'));
  if (command === execPath && env.ELECTRON_RUN_AS_NODE === '1' && at !== -1) {
    const execArgv = args.slice(0, at);
    return { kind: 'utility', entry: args[at]!, args: args.slice(at + 1), execArgv };
  }
  const unpackedCwd = cwd === undefined ? undefined : unpackedPath(cwd);
  return {
    kind: 'spawn',
    command: path.isAbsolute(command) ? unpackedPath(command) : command,
    args: [...args],
    ...(unpackedCwd ? { cwd: unpackedCwd } : {}),
  };
}
