// Whether the window still hears from the monitor. Only the HTTP transport can lose it (serve stops,
// restarts, changes its token); the Electron bridge is in-process and has no such state, so this is
// the transport's own addition, optional beside the StatusApi.
export type ConnectionState =
  | { readonly kind: 'lost' }
  | { readonly kind: 'connected' }
  | { readonly kind: 'unauthorized'; readonly message: string };

export interface ConnectionWatch {
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export const LOST_CONTACT = 'Lost contact with the monitor — retrying…';

/** What the transport knows about its host that the StatusApi does not say. */
export interface TransportFacts {
  /**
   * Why Start at login and notifications do nothing through this transport; absent where they work.
   * `serve` has no tray app behind it: nothing starts at login and nothing shows a notification.
   */
  readonly hostOnly?: string;
}

export const SERVE_HOST_ONLY =
  'Only the internet-conn tray app starts at login and shows notifications; this page comes from internet-conn serve, so these switches do nothing here.';
