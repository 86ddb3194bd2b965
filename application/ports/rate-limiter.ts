export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** An allowance: `points` attempts per key in each fixed window of `durationSeconds`. */
export interface RateLimit {
  readonly points: number;
  readonly durationSeconds: number;
}

export interface RateLimiter {
  /**
   * Counts `points` (default 1) for `key`; refused once the key's count in the window passes
   * its allowance. Refused points count too, so a client that keeps trying stays refused.
   */
  consume(key: string, points?: number): Promise<RateDecision>;
  /** Forgets the key's attempts (after a successful login). */
  reset(key: string): Promise<void>;
}
