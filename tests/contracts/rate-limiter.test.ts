import { describe } from 'vitest';
import { MemoryRateLimiter } from '../../adapters/security/memory-rate-limiter';
import { rateLimiterContract } from './rate-limiter.contract';

describe('RateLimiter [memory]', () => {
  rateLimiterContract((points) => new MemoryRateLimiter({ points, durationSeconds: 600 }));
});
