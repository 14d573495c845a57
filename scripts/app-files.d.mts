/** Types of scripts/app-files.mjs (the app's file set as electron-builder assembles it). */
export interface AppFile {
  /** Relative to the app folder (app.asar), with `/`. */
  rel: string;
  /** Where it is on this machine. */
  full: string;
  size: number;
  mode: number;
  /** Matched by `asarUnpack`: lands in app.asar.unpacked. */
  unpack: boolean;
}
export interface BuilderConfig {
  files?: string[];
  asarUnpack?: string | string[];
  npmRebuild?: boolean;
  electronFuses?: Record<string, boolean>;
  mac?: { files?: string[] };
  linux?: { files?: string[] };
  [key: string]: unknown;
}
export function readBuilderConfig(root?: string): BuilderConfig;
export function productionPackages(root?: string): Map<string, string>;
export function appFiles(options?: { root?: string; platform?: 'mac' | 'linux' }): AppFile[];
export function summarize(files: AppFile[]): {
  count: number;
  total: number;
  unpacked: number;
  largest: [string, number][];
};
