import type { Options } from 'conf';

/*
 * The desktop's own settings, in electron-store (`desktop-settings.json` in the data folder,
 * beside the gateway's config.json, which `switchboard serve` shares and zod validates; these
 * are the app's alone). electron-store does the store's whole job here: a JSON schema every
 * write is checked against, defaults, migrations keyed by the app's version, and change events
 * (the file is watched, so an edit by hand applies while the app runs).
 *
 * This file holds the options only, so they can be tested with conf (electron-store's base
 * class) under plain Node; desktop-ports.ts opens the store.
 */

/** Where and how big the window was when last moved or resized. */
export interface WindowBounds extends Record<string, unknown> {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

/** The desktop's settings. */
export interface DesktopSettings extends Record<string, unknown> {
  window: WindowBounds;
  /** A notification with Approve/Deny for each call waiting for approval. */
  approvalNotifications: boolean;
}

/** The window's smallest size (also windows.ts's minWidth/minHeight). */
export const MIN_WINDOW = { width: 760, height: 520 } as const;

export const DESKTOP_SETTINGS_DEFAULTS: DesktopSettings = {
  window: { width: 1180, height: 780 },
  approvalNotifications: true,
};

const SCHEMA: NonNullable<Options<DesktopSettings>['schema']> = {
  window: {
    type: 'object',
    properties: {
      width: { type: 'integer', minimum: MIN_WINDOW.width },
      height: { type: 'integer', minimum: MIN_WINDOW.height },
      x: { type: 'integer' },
      y: { type: 'integer' },
    },
    required: ['width', 'height'],
    additionalProperties: false,
  },
  approvalNotifications: { type: 'boolean' },
};

/**
 * Changes to stored settings, by the app version that makes them (run once, in order, when a
 * newer app first opens the file). None yet: 0.1.0 wrote the first shape.
 */
export const DESKTOP_SETTINGS_MIGRATIONS: NonNullable<Options<DesktopSettings>['migrations']> = {};

/** The store's options (conf's names; electron-store calls `configName` `name`). */
export function desktopSettingsOptions(
  dataDir: string,
  projectVersion: string,
): Options<DesktopSettings> & { configName: string } {
  return {
    cwd: dataDir,
    configName: 'desktop-settings',
    configFileMode: 0o600,
    projectVersion,
    schema: SCHEMA,
    defaults: DESKTOP_SETTINGS_DEFAULTS,
    migrations: DESKTOP_SETTINGS_MIGRATIONS,
    // A file edited into something invalid is an error to report, not a reason to reset it.
    clearInvalidConfig: false,
    watch: true,
  };
}
