// PLACEHOLDER: replaced by the real adapter.
export class InMemoryMailer {}
