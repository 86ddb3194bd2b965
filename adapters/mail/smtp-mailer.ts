import nodemailer, { type Transporter } from 'nodemailer';
import type { MailMessage, Mailer } from '../../application/ports/mailer';

/** Real delivery through an SMTP relay given as `smtp(s)://user:pass@host:port` (SMTP_URL). */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...message });
  }

  /** Closes pooled connections, if the URL asked for a pool. */
  close(): void {
    this.transport.close();
  }
}
