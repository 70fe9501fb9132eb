/**
 * Registers every status API handler through one wrapper (app/electron-policy/ipc-dispatch.ts: channel
 * allowlist, sender check, argument validation, plain-data replies) and forwards API events to the
 * status window. This file only reads the sender out of Electron's event.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { API_CHANNELS, type StatusApi } from '../app/api/contract.js';
import {
  dispatchIpc,
  forwardApiEvents,
  IPC_INVOKE_CHANNELS,
  type IpcSender,
} from '../app/electron-policy/ipc-dispatch.js';

export function registerApiIpc(api: StatusApi, statusWindow: () => BrowserWindow | null): () => void {
  for (const channel of IPC_INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, ...args: unknown[]) =>
      dispatchIpc(api, { channel, args, sender: senderOf(event, statusWindow()) }),
    );
  }
  const stopEvents = forwardApiEvents(api, (message) => {
    const window = statusWindow();
    if (window !== null && !window.isDestroyed()) window.webContents.send(API_CHANNELS.event, message);
  });
  return () => {
    stopEvents();
    for (const channel of IPC_INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}

function senderOf(event: IpcMainInvokeEvent, window: BrowserWindow | null): IpcSender {
  const frame = event.senderFrame;
  const isTopFrame =
    frame !== null && window !== null && !window.isDestroyed() && frame === window.webContents.mainFrame;
  return { frameUrl: frame === null ? null : frame.url, isTopFrame };
}
