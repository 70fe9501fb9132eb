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
