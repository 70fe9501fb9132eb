import type { Severity } from '../../app/diagnosis/types.js';
import type { MonitorStatus } from '../../app/monitor/events.js';

/** How each status looks and reads (DESIGN.md §2): colour comes from CSS by `data-status`, never alone. */
export interface StatusMeta {
  readonly label: string;
  /** Text presentation selector (U+FE0E) so ⚠ never turns into a colour emoji. */
  readonly glyph: string;
  readonly summary: string;
}

export const STATUS_META: Readonly<Record<MonitorStatus, StatusMeta>> = {
  online: { label: 'Online', glyph: '✓', summary: 'This computer is connected to the internet.' },
  limited: {
    label: 'Limited',
    glyph: '⚠\uFE0E',
    summary: 'Connected, but something is not working as it should.',
  },
  offline: { label: 'Offline', glyph: '✕', summary: 'This computer cannot reach the internet.' },
  checking: { label: 'Checking…', glyph: '…', summary: 'Waiting for the first check to finish.' },
  paused: { label: 'Paused', glyph: '‖', summary: 'Monitoring is paused; nothing is being checked.' },
};

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  info: 'Note',
  limited: 'Limited',
  offline: 'Offline',
};
