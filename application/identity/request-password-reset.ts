import { emailKey, slugKey } from '../../domain/identity/identity-rules';
import type { User } from '../../domain/identity/user';
import { ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { MailMessage, Mailer } from '../ports/mailer';
import type { Secrets } from '../ports/secrets';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface RequestPasswordResetInput {
  readonly companySlug: string;
  readonly email: string;
}

export interface PasswordResetSettings {
  readonly ttlMinutes: number;
  /** Base of the link in the mail, e.g. https://shop.example.com */
  readonly publicUrl: string;
}

/** Told when a reset mail could not be handed over; the caller's answer never changes. */
export type DeliveryFailureReport = (error: unknown, message: Pick<MailMessage, 'to' | 'subject'>) => void;

/**
 * Always succeeds, so the answer never tells whether an email is registered. For a known
 * user it stores a single-use grant (hash only) and mails the token once the grant is
 * committed. The mail is not awaited: a slow or failing transport must not make known
 * emails answer slower or differently than unknown ones.
 */
export class RequestPasswordReset {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: Secrets,
    private readonly mailer: Mailer,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly settings: PasswordResetSettings,
    private readonly reportFailure: DeliveryFailureReport,
  ) {}

  async execute(input: RequestPasswordResetInput): Promise<Result<void, never>> {
    const token = this.secrets.generate();
    const granted = await this.uow.run(async (tx): Promise<Result<User | null, never>> => {
      const company = await tx.companies.bySlug(slugKey(input.companySlug));
      const user = company ? await tx.users.byEmail(company.id, emailKey(input.email)) : null;
      if (!user) return ok(null);
      const now = this.clock.now();
      await tx.passwordResets.save({
        id: this.ids.next(),
        companyId: user.companyId,
        userId: user.id,
        tokenHash: this.secrets.hash(token),
        expiresAt: new Date(now.getTime() + this.settings.ttlMinutes * 60_000),
        usedAt: null,
        createdAt: now,
      });
      return ok(user);
    });
    if (granted.ok && granted.value) this.deliver(this.message(granted.value, token));
    return ok(undefined);
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

  private deliver(message: MailMessage): void {
    this.mailer.send(message).catch((error: unknown) => this.reportFailure(error, { to: message.to, subject: message.subject }));
  }
}
