import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const PATCH = join(ROOT, 'bench/ablation.patch');

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("bench/ablate.sh's patch", () => {
  it('still applies to the sources, so the ablations measure the pipeline as it is', () => {
    // Checked against the working tree without changing it, with one line of context as the
    // script applies it. When this fails, make the switches again by hand in a scratch
    // checkout and write its `git diff` to bench/ablation.patch.
    execFileSync('git', ['apply', '--check', '-C1', PATCH], { cwd: ROOT, stdio: 'pipe' });
  });

  it('touches only the throwaway checkout: the product reads no ablation switch', () => {
    const patch = readFileSync(PATCH, 'utf8');
    expect(patch).toContain('SWITCHBOARD_ABLATE');
    const leaks = sources(join(ROOT, 'src')).filter((file) =>
      readFileSync(file, 'utf8').includes('SWITCHBOARD_ABLATE'),
    );
    expect(leaks).toEqual([]);
  });
});
