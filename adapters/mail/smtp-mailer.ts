// PLACEHOLDER: replaced by the real adapter.
export class SmtpMailer {
  constructor(readonly _url: string, readonly _from: string) {}
}
