import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateDecision, RateLimiter } from '../../application/ports/rate-limiter';

export interface RateLimit {
  readonly points: number;
  readonly durationSeconds: number;
}

/** Fixed-window limiter in process memory (the embedded default; Redis comes with the cache). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(limit: RateLimit) {
    this.limiter = new RateLimiterMemory({ points: limit.points, duration: limit.durationSeconds });
  }

  async consume(key: string): Promise<RateDecision> {
    try {
      await this.limiter.consume(key);
      return { allowed: true };
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
      }
      throw refusal;
    }
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}
