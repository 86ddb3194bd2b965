import { ok, type Result } from '../../domain/shared/result';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Mailer } from '../ports/mailer';
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

/** Always succeeds, so the answer never tells whether an email is registered. */
export class RequestPasswordReset {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly secrets: Secrets,
    private readonly mailer: Mailer,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly settings: PasswordResetSettings,
  ) {}

  async execute(input: RequestPasswordResetInput): Promise<Result<void, never>> {
    const token = this.secrets.generate();
    const granted = await this.uow.run(async (tx) => {
      const company = await tx.companies.bySlug(input.companySlug);
      const user = company ? await tx.users.byEmail(company.id, input.email.trim().toLowerCase()) : null;
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
    if (granted.ok && granted.value) {
      const link = `${this.settings.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
      await this.mailer.send({
        to: granted.value.email,
        subject: 'Reset your password',
        text:
          `Hello ${granted.value.displayName},\n\nTo choose a new password open ${link}\n` +
          `or use this token: ${token}\n\nIt works once, for ${this.settings.ttlMinutes} minutes. ` +
          `If you did not ask for this, ignore this message.\n`,
      });
    }
    return ok(undefined);
  }
}
