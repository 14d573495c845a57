// `npm start`: the desktop app where an Electron binary and a display exist, otherwise the same
// gateway headless (`switchboard serve`) with the web control center. Builds first if needed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out');

/** The Electron binary, without `require('electron')` (which tries to download one). */
function electronBinary() {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(
    root,
    'node_modules',
    'electron',
    'dist',
    readFileSync(pathFile, 'utf8').trim(),
  );
  return existsSync(binary) ? binary : undefined;
}

function hasDisplay() {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (!existsSync(join(out, 'main', 'headless.cjs')) || process.env.SWITCHBOARD_REBUILD) {
  process.stderr.write('Building Switchboard (first start)…\n');
  const built = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const electron = electronBinary();
if (electron && hasDisplay()) {
  run(electron, [root]);
} else {
  const why = electron ? 'no display' : 'no Electron binary';
  process.stderr.write(
    `Starting Switchboard headless (${why} here): the control center runs in your browser.\n`,
  );
  run(process.execPath, [join(root, 'bin', 'switchboard.cjs'), 'serve', ...process.argv.slice(2)]);
}
