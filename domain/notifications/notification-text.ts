// The words of each trigger: the inbox's title and body, and the email's subject, text and HTML.
// Product names are the company's text: escaped in HTML, never read as markup.
import type { Money } from '../shared/money';
import type { Notification, NotificationCause } from './notification';

export interface NotificationText {
  readonly title: string;
  readonly body: string;
  readonly data: Readonly<Record<string, string>>;
}

export interface EmailText {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** `12.90 EUR`: minor units as two decimals, which every currency the catalog takes uses. */
export const formatMoney = (m: Money): string => `${(m.amountCents / 100).toFixed(2)} ${m.currency}`;

const ORDER_STATUS_WORDS = {
  paid: 'has been paid',
  shipped: 'is on its way',
  delivered: 'has been delivered',
  cancelled: 'was cancelled',
  refunded: 'was refunded',
} as const;

export function notificationText(cause: NotificationCause): NotificationText {
  switch (cause.trigger) {
    case 'price_drop':
      return {
        title: `Price drop: ${cause.productName}`,
        body: cause.target
          ? `${cause.productName} is now ${formatMoney(cause.current)} (was ${formatMoney(cause.previous)}), at or below your target of ${formatMoney(cause.target)}.`
          : `${cause.productName} is now ${formatMoney(cause.current)} (was ${formatMoney(cause.previous)}).`,
        data: { productId: cause.productId },
      };
    case 'back_in_stock':
      return {
        title: `Back in stock: ${cause.productName}`,
        body: `${cause.productName} is available again (${cause.stock} in stock).`,
        data: { productId: cause.productId },
      };
    case 'order_status':
      return {
        title: `Your order ${ORDER_STATUS_WORDS[cause.status]}`,
        body: `Order ${cause.orderId} ${ORDER_STATUS_WORDS[cause.status]}.`,
        data: { orderId: cause.orderId },
      };
  }
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** The email of a notification: its title as the subject, its body in plain text and in HTML. */
export function emailText(notification: Notification, recipientName: string): EmailText {
  const greeting = `Hello ${recipientName},`;
  const footer = 'You get this email because of your notification preferences; you can change them in your account.';
  return {
    subject: notification.title,
    text: `${greeting}\n\n${notification.body}\n\n${footer}\n`,
    html:
      `<!doctype html><html><body><p>${escapeHtml(greeting)}</p>` +
      `<h1 style="font-size:18px">${escapeHtml(notification.title)}</h1><p>${escapeHtml(notification.body)}</p>` +
      `<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p></body></html>`,
  };
}
