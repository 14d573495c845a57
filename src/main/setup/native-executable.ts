import path from 'node:path';

/**
 * Preset packages that ship a native executable per platform beside a small Node launcher.
 * The gateway starts the executable itself: one process instead of two, real stdio (an
 * Electron utility process has no stdin to inherit), and in the app a file electron-builder
 * unpacks from app.asar (electron-builder.yml `asarUnpack`), since nothing inside the archive
 * can be executed.
 */
const EXECUTABLES: Record<string, (platform: string, arch: string) => string | undefined> = {
  // The folders goreleaser names in the package's dist/ (see its dist/launcher.js).
  '@negokaz/excel-mcp-server': (platform, arch) => {
    const os = { darwin: 'darwin', linux: 'linux', win32: 'windows' }[platform];
    const cpu = { x64: 'amd64_v1', arm64: 'arm64_v8.0', ia32: '386_sse2' }[arch];
    if (!os || !cpu) return undefined;
    const exe = platform === 'win32' ? 'excel-mcp-server.exe' : 'excel-mcp-server';
    return `excel-mcp-server_${os}_${cpu}/${exe}`;
  },
};

/** The packages nativeExecutable knows (the packaging test checks each is unpacked). */
export const NATIVE_EXECUTABLE_PACKAGES = Object.keys(EXECUTABLES);

/**
 * The absolute path of `packageName`'s executable for this platform, given the path of the
 * package's bin launcher (in dist/, beside the executables' folders). Throws for a package or
 * platform without one.
 */
export function nativeExecutable(
  packageName: string,
  launcherPath: string,
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  const relative = EXECUTABLES[packageName]?.(platform, arch);
  if (!relative) throw new Error(`${packageName} has no executable for ${platform}-${arch}`);
  return path.join(path.dirname(launcherPath), relative);
}
