import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/main/gateway/config/default-config.js';
import { setupOver } from './helpers/setup-over.js';

// Import that loses nothing: secrets masked in the preview, Cursor's envFile read,
// ${workspaceFolder} filled from where the file sits (or the server left disabled, saying
// why), and a second import of an unchanged file adding nothing. Real files in a temp folder,
// through the control service's own previewImport and applyImport.

const root = mkdtempSync(join(tmpdir(), 'switchboard-import-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const project = join(root, 'project');
mkdirSync(join(project, '.cursor'), { recursive: true });
writeFileSync(
  join(project, '.env'),
  '# keys\nAPI_KEY="sk-from-env-file"\nexport REGION=eu # comment\n',
);
const cursorFile = join(project, '.cursor', 'mcp.json');
writeFileSync(
  cursorFile,
  JSON.stringify({
    mcpServers: {
      tickets: {
        command: 'npx',
        args: ['-y', 'tickets-mcp', '${workspaceFolder}/tickets'],
        env: { GITHUB_TOKEN: 'ghp_plain_secret_in_file', REGION: 'us' },
        envFile: '${workspaceFolder}/.env',
      },
    },
  }),
);
const desktopFile = join(root, 'claude_desktop_config.json');
writeFileSync(
  desktopFile,
  JSON.stringify({
    mcpServers: { notes: { command: 'notes-mcp', args: ['${workspaceFolder}/notes'] } },
  }),
);

describe('import from client files', () => {
  it('masks secret values in the preview', async () => {
    const { methods } = setupOver(defaultConfig(join(root, 'a')), root);
    const [preview] = await methods.previewImport({ client: 'cursor', file: cursorFile });
    const text = JSON.stringify(preview);
    expect(text).not.toContain('ghp_plain_secret_in_file');
    expect(text).not.toContain('sk-from-env-file');
    const env = (preview!.servers[0]!.transport as { env: Record<string, string> }).env;
    expect(env).toMatchObject({ GITHUB_TOKEN: '***', API_KEY: '***', REGION: 'us' });
  });

  it('reads the envFile and fills ${workspaceFolder} from the file’s project', async () => {
    const { methods, config } = setupOver(defaultConfig(join(root, 'b')), root);
    const result = await methods.applyImport({
      client: 'cursor',
      file: cursorFile,
      serverIds: ['tickets'],
      rewrite: false,
    });
    expect(result.added).toEqual(['tickets']);
    const tickets = config().servers.find((s) => s.id === 'tickets')!;
    expect(tickets.transport).toMatchObject({
      type: 'stdio',
      args: ['-y', 'tickets-mcp', join(project, 'tickets')],
      // The entry's own env wins over the envFile's.
      env: { API_KEY: 'sk-from-env-file', REGION: 'us', GITHUB_TOKEN: 'ghp_plain_secret_in_file' },
    });
    expect(tickets.secrets.sort()).toEqual(['API_KEY', 'GITHUB_TOKEN']);
    expect(tickets.enabled).toBe(false);
  });

  it('leaves ${workspaceFolder} of a user-level file disabled, saying why', async () => {
    const { methods } = setupOver(defaultConfig(join(root, 'c')), root);
    const [preview] = await methods.previewImport({ client: 'claude-desktop', file: desktopFile });
    expect(preview!.servers[0]).toMatchObject({ id: 'notes', enabled: false });
    expect(preview!.warnings).toContain(
      '"notes" stays disabled: ${workspaceFolder} cannot be known from a user-level file; set the folder by hand',
    );
  });

  it('recognises a re-import of unchanged servers and adds nothing', async () => {
    const { methods, config } = setupOver(defaultConfig(join(root, 'd')), root);
    const apply = () =>
      methods.applyImport({
        client: 'cursor',
        file: cursorFile,
        serverIds: ['tickets'],
        rewrite: false,
      });
    expect((await apply()).added).toEqual(['tickets']);
    const before = config().servers.map((s) => s.id);
    const [preview] = await methods.previewImport({ client: 'cursor', file: cursorFile });
    expect(preview!.servers).toEqual([]);
    expect(preview!.warnings).toContain(
      '"tickets-2" is already here as "tickets" (unchanged); skipped',
    );
    const again = await methods.applyImport({
      client: 'cursor',
      file: cursorFile,
      serverIds: ['tickets-2'],
      rewrite: false,
    });
    expect(again).toEqual({ added: [], unchanged: ['tickets-2'] });
    expect(config().servers.map((s) => s.id)).toEqual(before);
  });
});
