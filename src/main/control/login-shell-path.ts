/**
 * The PATH a person's terminal has. An app started from the Dock or at login gets launchd's
 * bare PATH (/usr/bin:/bin:/usr/sbin:/sbin), so `npx`, `uvx` or `docker` servers the person
 * added would not be found. desktop/login-shell.ts runs the shell once; the pure parts are here.
 */

/** Marks the PATH in the shell's output: rc files may print banners, prompts or escapes around it. */
export const PATH_MARKER = '__SWITCHBOARD_PATH__';

/** The login shell to ask: `$SHELL` when it is an absolute path, else zsh (macOS's default). */
export function loginShellCommand(shell: string | undefined): { file: string; args: string[] } {
  const file = shell && shell.startsWith('/') && !/\s/.test(shell) ? shell : '/bin/zsh';
  // -i and -l: read the same rc files a new terminal window reads.
  return { file, args: ['-ilc', `printf '%s' "${PATH_MARKER}\${PATH}${PATH_MARKER}"`] };
}

// Built from a string: a literal ESC in a regex reads as a mistake to linters and people alike.
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

/** The PATH between the markers in the shell's output, or undefined when it is not there. */
export function parseLoginShellPath(output: string): string | undefined {
  const start = output.indexOf(PATH_MARKER);
  if (start === -1) return undefined;
  const from = start + PATH_MARKER.length;
  const end = output.indexOf(PATH_MARKER, from);
  if (end === -1) return undefined;
  // Terminal escapes from a prompt theme must never end up in a PATH entry.
  const path = output.slice(from, end).replace(ANSI_ESCAPE, '').trim();
  const entries = path.split(':').filter((e) => e.startsWith('/'));
  return entries.length > 0 ? entries.join(':') : undefined;
}

/** The login PATH first, then any entry of the current PATH it lacks; no duplicates. */
export function mergePaths(loginPath: string | undefined, currentPath: string | undefined): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const entry of [...(loginPath ?? '').split(':'), ...(currentPath ?? '').split(':')]) {
    if (!entry || seen.has(entry)) continue;
    seen.add(entry);
    out.push(entry);
  }
  return out.join(':');
}
