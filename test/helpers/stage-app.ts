import { copyFileSync, existsSync, linkSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appFiles, type AppFile } from '../../scripts/app-files.mjs';

/** The project folder. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The file set for this machine's platform (the packaged app's, see scripts/app-files.mjs). */
export function hostAppFiles(): AppFile[] {
  if (!existsSync(join(ROOT, 'out/main/servers/web.cjs'))) {
    throw new Error('out/ is not built: run `npm run build` first');
  }
  return appFiles({ platform: process.platform === 'darwin' ? 'mac' : 'linux' });
}

/**
 * Lays the file set out in `dir` as app.asar plus app.asar.unpacked would read together (hard
 * links where the file system allows, else copies), for running it with plain Node.
 */
export function stageFiles(set: AppFile[], dir: string): void {
  for (const f of set) {
    const target = join(dir, f.rel);
    mkdirSync(dirname(target), { recursive: true });
    try {
      linkSync(f.full, target);
    } catch {
      copyFileSync(f.full, target);
    }
  }
}
