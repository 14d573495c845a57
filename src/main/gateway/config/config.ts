import { copyFileSync, existsSync, readFileSync, renameSync, statSync, watch } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CONFIG_VERSION, ConfigSchema, type Config } from '../../../shared/model.js';
import { defaultConfig, defaultResolver, type DefaultResolver } from './default-config.js';
import { ensurePrivateDir, readTextIfExists, writeFileAtomic } from './files.js';
import { PARSE_ONCE, parseConfig, type ParsedConfig } from './migrations.js';
import { systemClock, type Clock, type ConfigStore, type LoadResult } from '../ports.js';

/**
 * The config file in the data folder (src/main/data-dir.ts says where) and the `ConfigStore`
 * that reads and writes it (`serve` and the app alike; the app's own settings are in
 * electron-store, desktop/desktop-settings.ts). A file is lifted and validated by migrations.ts;
 * the embedded default is default-config.ts; `mcpServers` files are read in mcp-servers-file.ts.
 */

const CONFIG_FILE = 'config.json';
const LAST_GOOD_FILE = 'config.last-good.json';

/** Options of `createFileConfigStore`. */
export interface FileConfigStoreOptions {
  clock?: Clock;
  resolve?: DefaultResolver;
}

type FileRead = { kind: 'ok'; value: unknown } | { kind: 'bad'; reason: string };

/**
 * The ConfigStore on `<dataDir>/config.json` (folder 0700, file 0600, atomic saves). A file that
 * does not parse or validate is moved to `config.corrupt-<time>.json` and the last good config
 * (or the default) is loaded and written back, with a one-line warning; never a silent reset.
 */
export function createFileConfigStore(
  dataDir: string,
  options: FileConfigStoreOptions = {},
): ConfigStore {
  return new FileConfigStore(path.resolve(dataDir), options);
}

class FileConfigStore implements ConfigStore {
  readonly path: string;
  private readonly lastGoodPath: string;
  private readonly clock: Clock;
  private readonly resolve: DefaultResolver;
  private current: Config | undefined;

  constructor(
    private readonly dir: string,
    options: FileConfigStoreOptions,
  ) {
    this.path = path.join(dir, CONFIG_FILE);
    this.lastGoodPath = path.join(dir, LAST_GOOD_FILE);
    this.clock = options.clock ?? systemClock;
    this.resolve = options.resolve ?? defaultResolver;
  }

  load(): LoadResult {
    ensurePrivateDir(this.dir);
    if (!existsSync(this.path)) {
      const config = this.write(defaultConfig(this.dir, this.resolve));
      return { config, warnings: [], created: true };
    }
    const parsed = this.parse(this.read());
    if (!parsed.ok) return this.recover(parsed.reason);
    if (parsed.from === CONFIG_VERSION) {
      return { config: this.writeLastGood(parsed.config), warnings: [], created: false };
    }
    const backup = this.asideName(`v${parsed.from}-backup`);
    copyFileSync(this.path, path.join(this.dir, backup));
    const config = this.write(parsed.config);
    const warning = `${CONFIG_FILE} was upgraded from version ${parsed.from} to ${CONFIG_VERSION}; the old file is kept as ${backup}.`;
    return { config, warnings: [warning], created: false };
  }

  save(config: Config): void {
    ensurePrivateDir(this.dir);
    this.write(ConfigSchema.parse(config, PARSE_ONCE));
  }

  watch(onChange: (result: LoadResult) => void): () => void {
    let timer: NodeJS.Timeout | undefined;
    const seen = { bad: undefined as string | undefined };
    // The folder, not the file: an atomic save replaces the file and would end a file watch.
    const watcher = watch(this.dir, { persistent: false }, (_event, filename) => {
      if (filename !== null && filename !== CONFIG_FILE) return;
      clearTimeout(timer);
      timer = setTimeout(() => this.recheck(onChange, seen), 50);
    });
    return () => {
      clearTimeout(timer);
      watcher.close();
    };
  }

  /** After an external change: report a new valid config, or warn once about a broken edit. */
  private recheck(
    onChange: (result: LoadResult) => void,
    seen: { bad?: string | undefined },
  ): void {
    const previous = this.current;
    if (previous === undefined || !existsSync(this.path)) return; // never loaded, or mid-rename
    const parsed = this.parse(this.read());
    if (parsed.ok) {
      seen.bad = undefined;
      if (isDeepStrictEqual(parsed.config, previous)) return; // our own save, or a no-op edit
      onChange({ config: this.writeLastGood(parsed.config), warnings: [], created: false });
      return;
    }
    const key = `${mtimeOf(this.path)}:${parsed.reason}`;
    if (key === seen.bad) return;
    seen.bad = key;
    // The broken edit stays in place for the person to fix; the copy survives our next save.
    const copy = this.asideName('corrupt');
    copyFileSync(this.path, path.join(this.dir, copy));
    const warning = `${CONFIG_FILE} was edited but is invalid (${oneLine(parsed.reason)}); the previous config stays in use and the edit was copied to ${copy}. Fix ${CONFIG_FILE} and save it again.`;
    onChange({ config: previous, warnings: [warning], created: false });
  }

  /**
   * Moves the bad file aside and falls back to the last good config, else the default. When
   * the last good copy is unusable too, it is kept aside as well (the next write replaces it),
   * and the warning says that the old config's agent keys are gone with it.
   */
  private recover(reason: string): LoadResult {
    const aside = this.asideName('corrupt');
    renameSync(this.path, path.join(this.dir, aside));
    const lastGood = this.readLastGood();
    let lastGoodAside: string | undefined;
    if (!lastGood && existsSync(this.lastGoodPath)) {
      lastGoodAside = this.asideName('last-good-corrupt');
      renameSync(this.lastGoodPath, path.join(this.dir, lastGoodAside));
    }
    const config = this.write(lastGood ?? defaultConfig(this.dir, this.resolve));
    const loaded = lastGood
      ? `the last good config (${LAST_GOOD_FILE}) was loaded`
      : `no usable ${LAST_GOOD_FILE} exists${lastGoodAside ? ` (it was invalid too and was moved to ${lastGoodAside})` : ''}, so the default config was loaded: the old config's servers, roles and agent keys are not in use, every agent needs a new key, and a new admin key is made`;
    const warning = `${CONFIG_FILE} in ${this.dir} is invalid (${oneLine(reason)}); it was moved to ${aside} and ${loaded}. Fix ${aside} and copy it back over ${CONFIG_FILE} to use it again.`;
    return { config, warnings: [warning], created: false };
  }

  private read(): FileRead {
    try {
      return { kind: 'ok', value: JSON.parse(readFileSync(this.path, 'utf8')) as unknown };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const reason = error instanceof SyntaxError ? `not valid JSON: ${message}` : message;
      return { kind: 'bad', reason };
    }
  }

  private parse(read: FileRead): ParsedConfig {
    return read.kind === 'ok' ? parseConfig(read.value) : { ok: false, reason: read.reason };
  }

  private write(config: Config): Config {
    // Tab-indented, as the conf package wrote it when it kept this file: a file written by an
    // earlier version is rewritten byte-for-byte alike. The write is atomic and makes it 0600.
    writeFileAtomic(this.path, JSON.stringify(config, undefined, '\t'));
    return this.writeLastGood(config);
  }

  private writeLastGood(config: Config): Config {
    const text = `${JSON.stringify(config, null, 2)}\n`;
    // Each start loads the config it saved last time: rewriting the same bytes (two fsyncs)
    // is start-up time spent on nothing.
    if (readTextIfExists(this.lastGoodPath) !== text) writeFileAtomic(this.lastGoodPath, text);
    this.current = config;
    return config;
  }

  private readLastGood(): Config | undefined {
    try {
      const text = readTextIfExists(this.lastGoodPath);
      const parsed = text === undefined ? undefined : parseConfig(JSON.parse(text));
      return parsed?.ok ? parsed.config : undefined;
    } catch {
      return undefined;
    }
  }

  /** `config.<kind>-<ISO time, ":" → "-">.json`, unique in the folder. */
  private asideName(kind: string): string {
    const stamp = new Date(this.clock.now()).toISOString().replace(/:/g, '-');
    let name = `config.${kind}-${stamp}.json`;
    for (let n = 2; existsSync(path.join(this.dir, name)); n += 1) {
      name = `config.${kind}-${stamp}-${n}.json`;
    }
    return name;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
