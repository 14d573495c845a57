/**
 * Runs @modelcontextprotocol/server-github over stdio (the local GitHub preset).
 *
 *   GITHUB_PERSONAL_ACCESS_TOKEN=… node out/main/servers/github.cjs   (built by `npm run build`)
 *
 * With a token the server runs as it is. Without one it still starts and lists its tools, but
 * every call is answered here with a message saying how to add the token: the package itself
 * would go to the API anonymously and fail with an unhelpful "fetch failed" or a 401 (issue 7).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';

const PACKAGE = '@modelcontextprotocol/server-github';
export const MISSING_TOKEN_MESSAGE =
  'GitHub token missing: this server has no GITHUB_PERSONAL_ACCESS_TOKEN. Add a token to the ' +
  'GitHub server in Switchboard (Servers → GitHub → GitHub token, or `switchboard add github ' +
  '--set-env token=GITHUB_TOKEN`) and try again.';

function serverBin(): string {
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths(PACKAGE) ?? []) {
    const manifest = path.join(dir, PACKAGE, 'package.json');
    if (!existsSync(manifest)) continue;
    const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
    const entry = Object.values(bin)[0];
    if (entry) return path.join(path.dirname(manifest), entry);
  }
  throw new Error(`${PACKAGE} is not installed`);
}

/** A tools/call request answered here, or undefined to pass the line on. */
function refuseCall(line: string): string | undefined {
  let message: { id?: unknown; method?: unknown };
  try {
    message = JSON.parse(line) as typeof message;
  } catch {
    return undefined;
  }
  if (message.method !== 'tools/call' || message.id === undefined) return undefined;
  const result = { content: [{ type: 'text', text: MISSING_TOKEN_MESSAGE }], isError: true };
  return JSON.stringify({ jsonrpc: '2.0', id: message.id, result });
}

const hasToken = Boolean(process.env.GITHUB_PERSONAL_ACCESS_TOKEN?.trim());
if (!hasToken) refuseCallsOnStdin();
// The package runs in this process: a child would need a `node` to run it, and in the app there
// is none (Electron's RunAsNode fuse is off; this file runs in a utility process).
import(pathToFileURL(serverBin()).href).catch((error: unknown) => {
  process.stderr.write(`switchboard-github: ${error instanceof Error ? error.message : error}\n`);
  process.exit(2);
});

/**
 * Puts a filter in front of the server's stdin: tools/call requests are answered here, the rest
 * passes on. Whole lines both ways, so our answers never land inside one of the server's
 * messages (it writes each message with one write).
 */
function refuseCallsOnStdin(): void {
  const input = process.stdin;
  const toServer = new PassThrough();
  Object.defineProperty(process, 'stdin', { configurable: true, get: () => toServer });
  createInterface({ input, crlfDelay: Infinity })
    .on('line', (line) => {
      const answer = refuseCall(line);
      if (answer === undefined) toServer.write(`${line}\n`);
      else process.stdout.write(`${answer}\n`);
    })
    .on('close', () => toServer.end());
}
