// The Mailer port: what one adapter hands over must reach the far side intact, one
// message per send, in order.
import { expect, it } from 'vitest';
import type { MailMessage, Mailer } from '../../application/ports/mailer';

/** Each adapter hands over what it was given; `delivered` reads back what reached the far side. */
export interface MailerUnderTest {
  readonly mailer: Mailer;
  delivered(): Promise<string[]>;
}

export function mailerContract(open: () => MailerUnderTest): void {
  it('delivers subject, recipient and body of every message', async () => {
    const { mailer, delivered } = open();
    const messages: MailMessage[] = [
      { to: 'ana@example.com', subject: 'Reset your password', text: 'Use token abc123 once.' },
      { to: 'bo@example.com', subject: 'Hello again', text: 'Second message', html: '<p>Second message</p>' },
    ];
    for (const message of messages) await mailer.send(message);
    const raw = await delivered();
    expect(raw).toHaveLength(2);
    messages.forEach((message, i) => {
      expect(raw[i]).toContain(message.to);
      expect(raw[i]).toContain(message.subject);
      expect(raw[i]).toContain(message.text);
    });
  });

  it('keeps a reset link and its token whole', async () => {
    const { mailer, delivered } = open();
    const token = 'Zx8_-q2VbN0aT5yHk3Lm9Pq7Rs4Uv6Wx1Yz0AbCdEf';
    const link = `https://shop.example/reset-password?token=${token}`;
    await mailer.send({ to: 'cleo@example.com', subject: 'Reset', text: `Open ${link}\nor use this token: ${token}\n` });
    const [raw] = await delivered();
    // Long lines may be soft-wrapped by the transfer encoding; unwrap before looking.
    const unwrapped = (raw ?? '').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    expect(unwrapped).toContain(link);
    expect(unwrapped).toContain(`token: ${token}`);
  });
}
