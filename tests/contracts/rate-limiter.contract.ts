import { expect, it } from 'vitest';
import type { RateLimiter } from '../../application/ports/rate-limiter';

/** `open(points)` gives a limiter allowing `points` attempts per key per (long) window. */
export function rateLimiterContract(open: (points: number) => RateLimiter): void {
  it('allows the configured attempts per key, then refuses with a wait', async () => {
    const limiter = open(2);
    expect(await limiter.consume('a')).toEqual({ allowed: true });
    expect(await limiter.consume('a')).toEqual({ allowed: true });
    const refused = await limiter.consume('a');
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await limiter.consume('b')).toEqual({ allowed: true });
  });

  it('forgets a key on reset', async () => {
    const limiter = open(1);
    await limiter.consume('k');
    expect((await limiter.consume('k')).allowed).toBe(false);
    await limiter.reset('k');
    expect(await limiter.consume('k')).toEqual({ allowed: true });
  });
}
