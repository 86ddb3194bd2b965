import { emailKey } from '../../domain/identity/identity-rules';
import type { User } from '../../domain/identity/user';
import { ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { MailMessage, Mailer } from '../ports/mailer';
import type { Secrets } from '../ports/secrets';
import type { UnitOfWork } from '../ports/unit-of-work';

/** The inbox name under which this use case records the requests it answered. */
export const PASSWORD_RESET_MAILER = 'password-reset-mailer';

export interface SendPasswordResetMailInput {
  /** The `PasswordResetRequested` event being answered: its id makes a redelivery send nothing. */
  readonly eventId: string;
  readonly companyId: string;
  readonly email: string;
}

export type SendPasswordResetMailOutput =
  | { readonly sent: true }
  | { readonly sent: false; readonly reason: 'already_sent' | 'unknown_email' };

export interface PasswordResetSettings {
  readonly ttlMinutes: number;
  /** Base of the link in the mail, e.g. https://shop.example.com */
  readonly publicUrl: string;
}

/**
 * Answers a password reset request: for a registered email, stores a single-use, expiring
 * grant (its hash only) and mails the token; for an unknown one, nothing. The event id is
 * claimed in the same transaction, and the mail handed over before it commits: a transport
 * that refuses rolls the grant and the claim back and the bus retries, so each request gets
 * one mail (two only if the commit fails after a handover).
 */
export class SendPasswordResetMail {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: Secrets,
    private readonly mailer: Mailer,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly settings: PasswordResetSettings,
  ) {}

  async execute(input: SendPasswordResetMailInput): Promise<Result<SendPasswordResetMailOutput, never>> {
    return this.uow.run(async (tx): Promise<Result<SendPasswordResetMailOutput, never>> => {
      const now = this.clock.now();
      if (!(await tx.inbox.claim(PASSWORD_RESET_MAILER, input.eventId, now))) return ok({ sent: false, reason: 'already_sent' });
      const user = await tx.users.byEmail(input.companyId, emailKey(input.email));
      if (!user) return ok({ sent: false, reason: 'unknown_email' });
      const token = this.secrets.generate();
      await tx.passwordResets.save({
        id: this.ids.next(),
        companyId: user.companyId,
        userId: user.id,
        tokenHash: this.secrets.hash(token),
        expiresAt: new Date(now.getTime() + this.settings.ttlMinutes * 60_000),
        usedAt: null,
        createdAt: now,
      });
      await this.mailer.send(this.message(user, token));
      return ok({ sent: true });
    });
  }

  private message(user: User, token: string): MailMessage {
    const base = this.settings.publicUrl.replace(/\/+$/, '');
    const link = `${base}/reset-password?token=${encodeURIComponent(token)}`;
    return {
      to: user.email,
      subject: 'Reset your password',
      text:
        `Hello ${user.displayName},\n\n` +
        `To choose a new password open ${link}\n` +
        `or enter this reset token: ${token}\n\n` +
        `It works once, within ${this.settings.ttlMinutes} minutes. If you did not ask for this, ignore this message.\n`,
    };
  }
}
