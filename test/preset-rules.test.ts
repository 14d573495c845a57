import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/main/gateway/config/default-config.js';
import { dropServerRules } from '../src/main/control/server-rules.js';
import { allPresets } from '../src/main/setup/presets.js';
import { decisionFor, stanceOf, toolsByKind } from '../src/main/setup/preset-rules.js';
import { setupOver } from './helpers/setup-over.js';

// Rules that keep each role's promise: for every role and every preset, a tool's decision is
// the role's decision on the same kind of tool of the built-in server of that kind, whatever
// the server's id; and removing the server takes every rule it brought. Through the control
// service's own addPreset on the default config (checks skipped with force: no files needed).

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-preset-rules-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The setup methods over an in-memory config, as the offline CLI runs them. */

const VALUES: Record<string, Record<string, string>> = {
  sqlite: { file: join(dataDir, 'x.db') },
  postgres: { url: 'postgres://u@127.0.0.1:1/db' },
  github: { token: 'ghp_x' },
  'github-remote': { token: 'ghp_x' },
};

/** A tool name a glob stands for (`read_*` → `read_x`). */
const toolOf = (glob: string) => glob.replace(/\*/g, 'x');

describe('a preset server gets the decisions of the built-in server of its kind', () => {
  const base = defaultConfig(dataDir);

  for (const preset of allPresets()) {
    it(`${preset.id}: every role, every tool, under another id`, async () => {
      const { methods, config } = setupOver(base, dataDir);
      const id = `${preset.id}-2`.slice(0, 32);
      await methods.addPreset({ presetId: preset.id, id, values: VALUES[preset.id], force: true });
      for (const role of config().roles) {
        for (const [kind, globs] of toolsByKind(preset.tools)) {
          const stance = stanceOf(role, preset.kind, kind);
          for (const glob of globs) {
            expect(decisionFor(role, id, toolOf(glob), kind), `${role.name} ${id}__${glob}`).toBe(
              stance,
            );
          }
        }
      }
      // Removing it takes its rules: the roles are as before it was added.
      expect(dropServerRules(config(), id).config.roles).toEqual(base.roles);
    });
  }

  it('gives a second Files server the Files server’s decisions, tool by tool', async () => {
    const { methods, config } = setupOver(base, dataDir);
    await methods.addPreset({ presetId: 'filesystem', id: 'files2', force: true });
    const tools = ['read_text_file', 'list_directory', 'edit_file', 'write_file', 'move_file'];
    const kinds = { read_text_file: 'read', list_directory: 'read' } as const;
    for (const role of config().roles) {
      for (const tool of tools) {
        const kind = kinds[tool as keyof typeof kinds] ?? 'write';
        expect(decisionFor(role, 'files2', tool, kind), `${role.name} ${tool}`).toBe(
          decisionFor(role, 'filesystem', tool, kind),
        );
      }
    }
    const coder = config().roles.find((r) => r.name === 'coder')!;
    expect(decisionFor(coder, 'files2', 'write_file', 'destructive')).toBe('allow');
  });

  it('never gives the researcher an ask for a write: it refuses every write', async () => {
    const { methods, config } = setupOver(base, dataDir);
    for (const preset of allPresets()) {
      const id = `p-${preset.id}`;
      await methods.addPreset({ presetId: preset.id, id, values: VALUES[preset.id], force: true });
    }
    const researcher = config().roles.find((r) => r.name === 'researcher')!;
    for (const preset of allPresets()) {
      for (const glob of [...preset.tools.write, ...preset.tools.destructive]) {
        expect(decisionFor(researcher, `p-${preset.id}`, toolOf(glob), 'write'), glob).toBe('deny');
      }
    }
    // Ten presets later, every rule they brought goes with them.
    let after = config();
    for (const preset of allPresets()) after = dropServerRules(after, `p-${preset.id}`).config;
    expect(after.roles).toEqual(base.roles);
  });
});
