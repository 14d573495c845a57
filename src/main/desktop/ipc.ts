import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import {
  CONTROL_METHODS,
  EVENT_CHANNEL,
  channelOf,
  type ControlApi,
  type ControlEvent,
  type ControlResult,
} from '../../shared/control.js';
import { createIpcHandlers } from '../control/bridge.js';
import { checkSender } from '../control/ipc-guard.js';
import type { Logger } from '../gateway/index.js';
import type { WindowManager } from './windows.js';

/** What the IPC shell is wired to. */
export interface IpcOptions {
  control: ControlApi & { subscribe(listener: (event: ControlEvent) => void): () => void };
  windows: WindowManager;
  /** Our page's URL (file:// index.html or the dev server), for the sender check. */
  appUrl: string;
  logger: Logger;
}

/**
 * Serves every control method on its derived channel (one loop, nothing per method): the
 * sender is checked first, then the handler validates the input and answers with a
 * `ControlResult`. Events go to the window on one channel. Returns an undo for the shutdown.
 */
export function registerIpc(options: IpcOptions): () => void {
  const { control, windows, appUrl, logger } = options;
  const handlers = createIpcHandlers(control, (error) =>
    logger.error(
      { err: error instanceof Error ? error.message : String(error) },
      'control call failed',
    ),
  );
  for (const method of CONTROL_METHODS) {
    const handler = handlers[method];
    ipcMain.handle(channelOf(method), (event, input: unknown): Promise<ControlResult<unknown>> => {
      const verdict = checkSender(senderFacts(event), { mainFrame: mainFrameOf(windows), appUrl });
      if (!verdict.ok) {
        logger.warn({ method, reason: verdict.reason }, 'refused an IPC call');
        return Promise.resolve({
          ok: false,
          error: { code: 'unauthorized', message: verdict.reason },
        });
      }
      return handler(input);
    });
  }
  const unsubscribe = control.subscribe((event) => {
    const contents = windows.current()?.webContents;
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
  });
  return () => {
    unsubscribe();
    for (const method of CONTROL_METHODS) ipcMain.removeHandler(channelOf(method));
  };
}

function senderFacts(event: IpcMainInvokeEvent) {
  const frame = event.senderFrame; // null once the frame navigated away or was destroyed
  return { processId: frame?.processId, routingId: frame?.routingId, url: frame?.url };
}

function mainFrameOf(windows: WindowManager) {
  const frame = windows.current()?.webContents.mainFrame;
  return frame ? { processId: frame.processId, routingId: frame.routingId } : undefined;
}
