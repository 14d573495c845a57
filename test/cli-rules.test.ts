import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/serve-process.js';

// `rules set … --if` and `explain` on the config file, with no gateway running.

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-cli-rules-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);
const config = () => JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8'));

describe('conditional rules from the command line', () => {
  it('writes a rule with every --if, first in the role', () => {
    const set = cli(
      'rules',
      'set',
      'admin',
      'filesystem__write_*',
      'deny',
      '--if',
      'path outside /work/proj',
      '--if',
      'content present',
    );
    expect(set.status, set.stderr).toBe(0);
    const rule = config().roles.find((r: { name: string }) => r.name === 'admin').rules[0];
    expect(rule).toEqual({
      pattern: 'filesystem__write_*',
      action: 'deny',
      conditions: [
        { kind: 'path', arg: 'path', op: 'outside', folder: '/work/proj' },
        { kind: 'present', arg: 'content', present: true },
      ],
    });
    const listed = cli('rules', 'admin');
    expect(listed.stdout.split('\n')[0]).toBe(
      '1\tdeny\tfilesystem__write_*\tif path outside "/work/proj"\tif content present',
    );
  });

  it('explains which rule decides and which condition passed a rule over', () => {
    const out = cli(
      'explain',
      'admin',
      'filesystem__write_file',
      '{"path":"/work/proj/a","content":"x"}',
    );
    expect(out.status, out.stderr).toBe(0);
    const [first, second] = out.stdout.split('\n');
    expect(first).toMatch(/^allow: rule 2 of role "admin"/);
    expect(second).toContain(
      'rule 1 skipped: condition 1 (path outside "/work/proj") does not hold',
    );
    const denied = cli(
      'explain',
      'admin',
      'filesystem__write_file',
      '{"path":"/etc/x","content":"x"}',
    );
    expect(denied.stdout).toMatch(
      /^deny: rule 1 of role "admin" \("filesystem__write_\*" if path outside/,
    );
    const open = cli('explain', 'admin', 'filesystem__write_file', '--json');
    expect(JSON.parse(open.stdout)).toMatchObject({ action: 'allow', conditional: true });
  });

  it('refuses an --if it cannot read, and ARGS_JSON that is not an object', () => {
    const bad = cli('rules', 'set', 'admin', 'x__*', 'allow', '--if', 'path within /x');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('ARG inside PATH');
    expect(cli('explain', 'admin', 'x__y', '[1]').status).toBe(2);
  });
});
