// PLACEHOLDER: replaced by the real adapter.
export class MemoryRateLimiter {
  constructor(readonly _options: { points: number; durationSeconds: number }) {}
}
