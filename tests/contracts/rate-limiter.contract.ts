// The RateLimiter port: a fixed allowance per key and window, counted per attempt.
import { expect, it } from 'vitest';
import type { RateLimiter } from '../../application/ports/rate-limiter';

/** `open(points)` gives a limiter allowing `points` attempts per key per window of WINDOW_SECONDS. */
export const WINDOW_SECONDS = 600;

export function rateLimiterContract(open: (points: number) => RateLimiter): void {
  it('allows the configured attempts per key, then refuses with a wait within the window', async () => {
    const limiter = open(2);
    expect(await limiter.consume('a')).toEqual({ allowed: true });
    expect(await limiter.consume('a')).toEqual({ allowed: true });
    const refused = await limiter.consume('a');
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) {
      expect(Number.isInteger(refused.retryAfterSeconds)).toBe(true);
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(WINDOW_SECONDS);
    }
    expect((await limiter.consume('a')).allowed).toBe(false);
    expect(await limiter.consume('b')).toEqual({ allowed: true });
  });

  it('forgets a key on reset, and resetting an unknown key changes nothing', async () => {
    const limiter = open(1);
    await limiter.consume('k');
    expect((await limiter.consume('k')).allowed).toBe(false);
    await limiter.reset('k');
    await limiter.reset('never-seen');
    expect(await limiter.consume('k')).toEqual({ allowed: true });
    expect((await limiter.consume('k')).allowed).toBe(false);
  });

  it('counts concurrent attempts exactly', async () => {
    const limiter = open(5);
    const decisions = await Promise.all(Array.from({ length: 12 }, () => limiter.consume('burst')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });
}
