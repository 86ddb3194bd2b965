export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** An allowance: `points` attempts per key in each fixed window of `durationSeconds`. */
export interface RateLimit {
  readonly points: number;
  readonly durationSeconds: number;
}

export interface RateLimiter {
  /** Counts one attempt for `key`; refused once the key used its allowance in the window. */
  consume(key: string): Promise<RateDecision>;
  /** Forgets the key's attempts (after a successful login). */
  reset(key: string): Promise<void>;
}
