import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Resolves a path the model gave against the folder the server was started on, and refuses
 * anything outside it, symlinks included (the office server only sees that folder).
 */
export function resolveInside(root: string, requested: string, mustExist: boolean): string {
  const realRoot = realpathSync(root);
  const absolute = path.resolve(realRoot, requested);
  // A new file: check its folder, which must exist.
  const real = mustExist
    ? realpathSync(absolute)
    : path.join(realpathSync(path.dirname(absolute)), path.basename(absolute));
  const relative = path.relative(realRoot, real);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(`${requested} is outside the documents folder ${realRoot}`);
  }
  return real;
}
