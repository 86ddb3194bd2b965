import type { MailMessage, Mailer } from '../../application/ports/mailer';

/** Keeps every message; tests read them back. */
export class InMemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }

  /** Messages to `address`, oldest first. */
  sentTo(address: string): MailMessage[] {
    return this.sent.filter((m) => m.to === address);
  }
}
