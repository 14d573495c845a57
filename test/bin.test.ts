import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const built = existsSync(join(ROOT, 'out/main/headless.cjs'));

// The command is bin/switchboard.cjs; agents' bridge entries written before name the .mjs,
// which must keep working.
describe.skipIf(!built)('the switchboard bin', () => {
  const run = (file: string) =>
    execFileSync(process.execPath, [join(ROOT, 'bin', file), '--help'], { encoding: 'utf8' });

  it('runs from bin/switchboard.cjs, and from the .mjs that older bridge entries name', () => {
    const help = run('switchboard.cjs');
    expect(help).toMatch(/^Switchboard .* one localhost MCP endpoint/);
    expect(run('switchboard.mjs')).toBe(help);
  });
});
