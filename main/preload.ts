/**
 * The status window's bridge: `window.internetConn`, a StatusApi (renderer/src/transport/bridge.ts).
 * One named function per operation, each an `ipcRenderer.invoke` on its API_CHANNELS entry; `on`
 * listens to the one event channel, keeps the named event's messages and returns an unsubscribe. The
 * page never gets ipcRenderer, an IPC event object or anything else from Electron. Runs sandboxed:
 * bundled to one CommonJS file whose only require is `electron`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  API_CHANNELS,
  type ApiEventMap,
  type ApiEventName,
  type EditableSettings,
  type ExportFile,
  type ExportFormat,
  type HistoryRange,
  type HistoryView,
  type SettingsResult,
  type Snapshot,
  type StatusApi,
} from '../app/api/contract.js';
import type { OutageRecord } from '../app/history/types.js';
import { eventPayloadFor, isApiEventName, unwrapIpcReply } from '../app/electron-policy/ipc-messages.js';

async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
  return unwrapIpcReply(await ipcRenderer.invoke(channel, ...args)) as T;
}

const internetConn: StatusApi = {
  getSnapshot: () => call<Snapshot>(API_CHANNELS.getSnapshot),
  getHistory: (range: HistoryRange) => call<HistoryView>(API_CHANNELS.getHistory, range),
  getOutages: (range: HistoryRange) => call<readonly OutageRecord[]>(API_CHANNELS.getOutages, range),
  exportHistory: (what: 'checks' | 'outages', format: ExportFormat, range: HistoryRange) =>
    call<ExportFile>(API_CHANNELS.exportHistory, what, format, range),
  checkNow: () => call<Snapshot>(API_CHANNELS.checkNow),
  pause: (untilMs: number | null) => call<Snapshot>(API_CHANNELS.pause, untilMs),
  resume: () => call<Snapshot>(API_CHANNELS.resume),
  getSettings: () => call<EditableSettings>(API_CHANNELS.getSettings),
  updateSettings: (settings: EditableSettings) => call<SettingsResult>(API_CHANNELS.updateSettings, settings),
  on<K extends ApiEventName>(event: K, listener: (payload: ApiEventMap[K]) => void): () => void {
    if (!isApiEventName(event)) throw new TypeError(`unknown status API event ${JSON.stringify(event)}`);
    if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
    const onMessage = (_event: IpcRendererEvent, message: unknown): void => {
      const payload = eventPayloadFor(message, event);
      if (payload !== undefined) listener(payload);
    };
    ipcRenderer.on(API_CHANNELS.event, onMessage);
    return () => {
      ipcRenderer.removeListener(API_CHANNELS.event, onMessage);
    };
  },
};

contextBridge.exposeInMainWorld('internetConn', internetConn);
