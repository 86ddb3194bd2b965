import { describe } from 'vitest';
import { MemoryRateLimiter } from '../../adapters/security/memory-rate-limiter';
import { rateLimiterContract, WINDOW_SECONDS } from './rate-limiter.contract';

describe('RateLimiter [memory]', () => {
  rateLimiterContract((points) => new MemoryRateLimiter({ points, durationSeconds: WINDOW_SECONDS }));
});
