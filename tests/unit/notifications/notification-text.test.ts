// What each trigger says, and that the company's text is never markup in the email.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../domain/notifications/notification';
import { emailText, notificationText } from '../../../domain/notifications/notification-text';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

const notificationOf = (title: string, body: string): Notification => ({
  id: 'n1', companyId: 'c1', userId: 'u1', trigger: 'price_drop', title, body, data: {}, createdAt: new Date(0), readAt: null,
});

describe('notificationText', () => {
  it('names the product, the prices and the target of a price drop, and links the product', () => {
    const text = notificationText({ trigger: 'price_drop', productId: 'p1', productName: 'Leather boot', previous: eur(12900), current: eur(9900), target: eur(10000) });
    expect(text).toEqual({
      title: 'Price drop: Leather boot',
      body: 'Leather boot is now 99.00 EUR (was 129.00 EUR), at or below your target of 100.00 EUR.',
      data: { productId: 'p1' },
    });
  });

  it('says back in stock with the stock, and each order status in words, linking the order', () => {
    expect(notificationText({ trigger: 'back_in_stock', productId: 'p1', productName: 'Boot', stock: 3 }).body).toBe('Boot is available again (3 in stock).');
    const shipped = notificationText({ trigger: 'order_status', orderId: 'o1', status: 'shipped' });
    expect(shipped).toEqual({ title: 'Your order is on its way', body: 'Order o1 is on its way.', data: { orderId: 'o1' } });
  });
});

describe('emailText', () => {
  it('writes the title as the subject and the body in text and HTML', () => {
    const email = emailText(notificationOf('Price drop: Boot', 'Boot is now 99.00 EUR.'), 'Olive');
    expect(email.subject).toBe('Price drop: Boot');
    expect(email.text).toContain('Hello Olive,\n\nBoot is now 99.00 EUR.');
    expect(email.html).toContain('<h1 style="font-size:18px">Price drop: Boot</h1><p>Boot is now 99.00 EUR.</p>');
  });

  it('escapes every character of the text that HTML reads as markup', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (name, body) => {
        const { html } = emailText(notificationOf(`Price drop: ${name}`, body), name);
        const withoutOurs = html.replace(/<\/?(!doctype html|html|body|p|h1)( style="[^"]*")?>/g, '');
        expect(withoutOurs).not.toMatch(/[<>]/);
      }),
    );
  });
});
