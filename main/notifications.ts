/**
 * Applies the notification policy (app/notify/policy.ts): every monitor event goes through
 * decideNotification; a model that comes back becomes one Electron Notification, and clicking it opens
 * the status window. Notifications are kept referenced until clicked or closed, or the click handler
 * could be garbage-collected with them.
 */
import { Notification } from 'electron';
import { onEveryMonitorEvent } from '../app/electron-policy/monitor-events.js';
import type { Monitor } from '../app/monitor/monitor.js';
import { decideNotification, initialNotifyState, type NotificationSettings } from '../app/notify/policy.js';

export interface NotificationOptions {
  readonly settings: () => NotificationSettings;
  readonly openWindow: () => void;
  /** An icon file for platforms whose notifications show one from the sender (Linux); undefined elsewhere. */
  readonly icon: string | undefined;
}

export function attachNotifications(monitor: Pick<Monitor, 'on'>, options: NotificationOptions): () => void {
  let state = initialNotifyState();
  const showing = new Set<Notification>();
  return onEveryMonitorEvent(monitor, (event) => {
    const step = decideNotification(event, state, options.settings(), Date.now());
    state = step.nextState;
    const model = step.notification;
    if (model === null || !Notification.isSupported()) return;
    const notification = new Notification({
      title: model.title,
      body: model.body,
      ...(options.icon === undefined ? {} : { icon: options.icon }),
    });
    showing.add(notification);
    notification.on('click', () => {
      showing.delete(notification);
      options.openWindow();
    });
    notification.on('close', () => showing.delete(notification));
    notification.show();
  });
}
