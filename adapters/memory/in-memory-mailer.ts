import type { MailMessage, Mailer } from '../../application/ports/mailer';

/** Keeps every message in memory; tests read them back. */
export class InMemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }

  /** Messages to `address` (compared case-insensitively), oldest first. */
  sentTo(address: string): MailMessage[] {
    const wanted = address.toLowerCase();
    return this.sent.filter((m) => m.to.toLowerCase() === wanted);
  }

  /** The newest message to `address`, or undefined. */
  lastTo(address: string): MailMessage | undefined {
    return this.sentTo(address).at(-1);
  }
}
