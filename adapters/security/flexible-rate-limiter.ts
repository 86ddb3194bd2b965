// The RateLimiter port over any rate-limiter-flexible store (memory here, Redis in adapters/redis):
// one place turns the library's refusal into a RateDecision.
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateDecision, RateLimiter } from '../../application/ports/rate-limiter';

export class FlexibleRateLimiter implements RateLimiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  async consume(key: string, points = 1): Promise<RateDecision> {
    try {
      await this.limiter.consume(key, points);
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
