import { z } from 'zod';
import type { SendPasswordResetMail } from '../../application/identity/send-password-reset-mail';
import type { ConsumerSpec, EventConsumer } from '../../application/ports/message-bus';
import { decodePayload } from './decode-payload';

const PasswordResetRequestedPayload = z.object({ email: z.string().min(1) });

/** Its queue and bindings, known without building the use case (the relay declares them too). */
export const PASSWORD_RESET_MAIL_QUEUE: ConsumerSpec = { name: 'password-reset-mail', eventTypes: ['PasswordResetRequested'] };

/** `PasswordResetRequested` → `SendPasswordResetMail`. */
export function passwordResetMailConsumer(send: SendPasswordResetMail): EventConsumer {
  return {
    ...PASSWORD_RESET_MAIL_QUEUE,
    async handle({ event }) {
      const payload = decodePayload(PasswordResetRequestedPayload, event);
      await send.execute({ eventId: event.id, companyId: event.companyId, email: payload.email });
    },
  };
}
