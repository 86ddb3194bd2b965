export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string | undefined;
}

export interface Mailer {
  /** Hands the message over for delivery; throws when the transport refuses it. */
  send(message: MailMessage): Promise<void>;
}
