import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { RateLimit } from '../../application/ports/rate-limiter';
import { FlexibleRateLimiter } from './flexible-rate-limiter';

/** Fixed-window limiter in process memory: one process's own count (without REDIS_URL, and tests). */
export class MemoryRateLimiter extends FlexibleRateLimiter {
  constructor(limit: RateLimit) {
    super(new RateLimiterMemory({ points: limit.points, duration: limit.durationSeconds }));
  }
}
