// PLACEHOLDER: replaced by the real adapter.
export class MailboxMailer {
  constructor(readonly _dir: string, readonly _from: string) {}
}
