import { execFile } from 'node:child_process';
import { loginShellCommand, mergePaths, parseLoginShellPath } from '../control/login-shell-path.js';
import type { Logger } from '../gateway/index.js';

/** How long the login shell may take; slow rc files (nvm, conda) must not hold up the start. */
const TIMEOUT_MS = 5_000;

/**
 * On macOS, replaces this process's PATH with the login shell's (merged with the current one)
 * before any server starts, so stdio servers the person added run with their terminal's PATH.
 * Computed once; on failure the PATH stays as it is and a warning is logged.
 */
export async function adoptLoginShellPath(
  logger: Logger,
  platform = process.platform,
): Promise<void> {
  if (platform !== 'darwin') return;
  const { file, args } = loginShellCommand(process.env.SHELL);
  const output = await new Promise<string | undefined>((resolve) => {
    execFile(
      file,
      args,
      { timeout: TIMEOUT_MS, encoding: 'utf8', env: { ...process.env, TERM: 'dumb' } },
      (error, stdout) => {
        if (error)
          logger.warn({ err: error.message, shell: file }, 'could not read the login shell PATH');
        resolve(error ? undefined : stdout);
      },
    );
  });
  const loginPath = output === undefined ? undefined : parseLoginShellPath(output);
  if (loginPath) process.env.PATH = mergePaths(loginPath, process.env.PATH);
}
