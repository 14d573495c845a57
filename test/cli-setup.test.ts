import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PresetViewSchema } from '../src/shared/model.js';
import { runCli } from './helpers/serve-process.js';

// The setup commands on the config file, with no gateway running: presets, add, import.

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);
const config = () => JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8'));

describe('setup commands', () => {
  it('lists the presets of the eight server kinds', () => {
    const result = cli('presets', '--json');
    expect(result.status).toBe(0);
    const kinds = new Set(JSON.parse(result.stdout).map((p: { kind: string }) => p.kind));
    // Every kind the model names, and only those: the eight of the setup flow.
    expect([...kinds].sort()).toEqual([...PresetViewSchema.shape.kind.options].sort());
    expect(kinds.size).toBe(8);
  });

  it('adds a preset, taking a secret from the environment', () => {
    const result = runCli(
      [
        'add',
        'github-remote',
        '--id',
        'gh',
        '--set-env',
        'token=GH_TOKEN_FOR_TEST',
        '--data-dir',
        dataDir,
      ],
      {
        GH_TOKEN_FOR_TEST: 'ghp_testtokenvalue0123456789abcdefABCDEF',
      },
    );
    expect(result.status, result.stderr).toBe(0);
    const server = config().servers.find((s: { id: string }) => s.id === 'gh');
    expect(server.transport.type).toBe('http');
    expect(server.secrets.length).toBeGreaterThan(0);
  });

  it('refuses a preset without its required settings, naming them', () => {
    const result = cli('add', 'sqlite', '--id', 'db');
    expect(result.status).toBe(1);
    expect(result.stderr.length).toBeGreaterThan(0);
  });

  it('previews an import without changing anything, then applies it disabled', () => {
    const file = join(dataDir, 'cursor-mcp.json');
    copyFileSync(join('test/fixtures/client-configs/cursor-mcp.json'), file);
    const before = config().servers.length;
    const preview = cli('import', '--client', 'cursor', '--file', file, '--json');
    expect(preview.status, preview.stderr).toBe(0);
    const servers = JSON.parse(preview.stdout)[0].servers;
    expect(servers.length).toBeGreaterThan(0);
    expect(config().servers.length).toBe(before);
    const applied = cli(
      'import',
      '--client',
      'cursor',
      '--file',
      file,
      '--apply',
      '--rewrite',
      '--role',
      'coder',
    );
    expect(applied.status, applied.stderr).toBe(0);
    const after = config().servers;
    expect(after.length).toBe(before + servers.length);
    expect(after.slice(before).every((s: { enabled: boolean }) => !s.enabled)).toBe(true);
    expect(
      readdirSync(dataDir).some((f) => f.startsWith('cursor-mcp.json.switchboard-backup-')),
    ).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).mcpServers).toHaveProperty('switchboard');
  });
});
