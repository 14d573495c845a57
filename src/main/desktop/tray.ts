import {
  Menu,
  Tray,
  clipboard,
  nativeImage,
  type App,
  type MenuItemConstructorOptions,
} from 'electron';
import type { ControlApi, ControlEvent } from '../../shared/control.js';
import type { Overview } from '../../shared/model.js';
import {
  applyTrayEvent,
  buildTrayModel,
  runTrayAction,
  type TrayAction,
  type TrayEffects,
  type TrayItem,
  type TrayModel,
} from '../control/tray-model.js';
import type { LoginItem } from './login-item.js';
import type { WindowManager } from './windows.js';

/** The menu-bar icon and its menu, drawn from control/tray-model.ts. */
export interface TrayShell {
  /** The menu as last drawn (the e2e test reads and clicks it through here). */
  model(): TrayModel;
  /** Runs an action as a click would. */
  run(action: TrayAction): Promise<void>;
  /** Sets or clears the start-up error shown in the menu. */
  setError(message: string | undefined): void;
  /** Connects the menu to a running control service; call once the gateway is up. */
  attach(
    control: ControlApi & { subscribe(listener: (e: ControlEvent) => void): () => void },
  ): Promise<void>;
  destroy(): void;
}

/** What the tray draws with and acts on; the control service arrives later through `attach`. */
export interface TrayOptions {
  /** `resources/tray/iconTemplate.png` (its @2x sibling is picked up on its own). */
  iconPath: string;
  app: App;
  windows: WindowManager;
  loginItem: LoginItem;
  /** Reports a failed action (a notification, a log line). */
  onError(message: string): void;
}

/** Creates the tray icon at once (showing "Starting…") so the app is visible while it starts. */
export function createTrayShell(options: TrayOptions): TrayShell {
  const icon = nativeImage.createFromPath(options.iconPath);
  icon.setTemplateImage(true); // macOS draws it in the menu bar's colours, light or dark
  const tray = new Tray(icon);
  let overview: Overview | undefined;
  let error: string | undefined;
  let control: TrayEffects['control'] | undefined;
  let unsubscribe = (): void => {};
  const { app, windows, loginItem } = options;
  const effects: Omit<TrayEffects, 'control'> = {
    copyText: (text) => clipboard.writeText(text),
    open: (route) => void windows.show(route),
    setStartAtLogin: (enabled) => loginItem.set(enabled),
    quit: () => app.quit(),
  };
  let current = buildTrayModel({ overview, startAtLogin: loginItem.get() });

  const run = async (action: TrayAction): Promise<void> => {
    await runTrayAction(action, { ...effects, control: control ?? notRunning });
    if (action.type === 'setStartAtLogin') draw();
  };
  const click = (action: TrayAction) => () =>
    void run(action).catch((e: unknown) =>
      options.onError(e instanceof Error ? e.message : String(e)),
    );

  function draw(): void {
    current = buildTrayModel({
      overview,
      startAtLogin: loginItem.get(),
      ...(error ? { error } : {}),
    });
    tray.setToolTip(current.tooltip);
    if (process.platform === 'darwin')
      tray.setTitle(current.title, { fontType: 'monospacedDigit' });
    tray.setContextMenu(
      Menu.buildFromTemplate(current.items.map((item) => toMenuItem(item, click))),
    );
  }

  draw();
  return {
    model: () => current,
    run,
    setError(message) {
      error = message;
      draw();
    },
    async attach(api) {
      control = api;
      // Events that arrive while the overview loads are replayed on it (applying one twice is
      // harmless), so nothing that happens during start-up is missed.
      const early: ControlEvent[] = [];
      unsubscribe = api.subscribe((event) => {
        if (!overview) return void early.push(event);
        const next = applyTrayEvent(overview, event);
        if (next === overview) return; // metrics and audit lines do not change the menu
        overview = next;
        draw();
      });
      overview = early.reduce(applyTrayEvent, await api.getOverview());
      draw();
    },
    destroy() {
      unsubscribe();
      tray.destroy();
    },
  };
}

const notRunning: TrayEffects['control'] = {
  decideApproval: () => Promise.reject(new Error('Switchboard is not running')),
  setServerEnabled: () => Promise.reject(new Error('Switchboard is not running')),
  setPaused: () => Promise.reject(new Error('Switchboard is not running')),
};

function toMenuItem(
  item: TrayItem,
  click: (action: TrayAction) => () => void,
): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'label':
      return { label: item.label, enabled: false };
    case 'action':
      return { label: item.label, click: click(item.action) };
    case 'checkbox':
      return {
        label: item.label,
        type: 'checkbox',
        checked: item.checked,
        click: click(item.action),
      };
    case 'submenu':
      return { label: item.label, submenu: item.items.map((sub) => toMenuItem(sub, click)) };
  }
}
