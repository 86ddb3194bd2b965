// What the server pushes on `/ws` (SPEC §3.8), in its wire shape: the notification is already
// presented as JSON (ISO times, no domain objects), so the socket adapter only serialises it.
export type RealtimeMessage =
  | { readonly type: 'notification'; readonly notification: Readonly<Record<string, unknown>> }
  | { readonly type: 'report.progress'; readonly reportId: string; readonly status: string; readonly progress: number };

/** The id of the notification a message carries, if any: how a catch-up recognises a live repeat. */
export function notificationIdOf(message: RealtimeMessage): string | undefined {
  if (message.type !== 'notification') return undefined;
  const id = message.notification.id;
  return typeof id === 'string' ? id : undefined;
}
