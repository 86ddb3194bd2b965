// Contracts of the small security and identity-generation ports, shared by the production
// adapters and the memory ones used in unit tests.
import { expect, it } from 'vitest';
import type { AccessTokens } from '../../application/ports/access-tokens';
import type { IdGenerator } from '../../application/ports/id-generator';
import type { PasswordHasher } from '../../application/ports/password-hasher';
import type { Secrets } from '../../application/ports/secrets';
import type { FixedClock } from '../../adapters/memory/fixed-clock';

export function passwordHasherContract(open: () => PasswordHasher): void {
  it('verifies the right password only, with a different hash each time', async () => {
    const hasher = open();
    const [a, b] = [await hasher.hash('correct horse'), await hasher.hash('correct horse')];
    expect(a).not.toBe(b);
    expect(a).not.toBe('correct horse');
    expect(await hasher.verify('correct horse', a)).toBe(true);
    expect(await hasher.verify('correct horse', b)).toBe(true);
    expect(await hasher.verify('wrong horse', a)).toBe(false);
    expect(await hasher.verify('correct horse', 'garbage')).toBe(false);
  });
}

export function accessTokensContract(open: (clock: FixedClock) => AccessTokens, clock: () => FixedClock): void {
  const actor = { userId: 'u1', companyId: 'c1', role: 'admin' as const };

  it('gives back the actor and session of a token it issued, and the instant it expires at, which it keeps', () => {
    const c = clock();
    const tokens = open(c);
    const issuedAt = c.now().getTime();
    const issued = tokens.issue(actor, 'session-1');
    expect(issued.expiresInSeconds).toBeGreaterThan(0);
    const verified = tokens.verify(issued.token);
    if (!verified.ok) throw new Error('the token was refused');
    expect(verified).toEqual({ ok: true, actor, sessionId: 'session-1', expiresAt: verified.expiresAt });
    // Whole seconds where the token counts in seconds (JWT `exp`).
    const lifetimeMs = verified.expiresAt.getTime() - issuedAt;
    expect(lifetimeMs).toBeGreaterThan(issued.expiresInSeconds * 1000 - 1000);
    expect(lifetimeMs).toBeLessThanOrEqual(issued.expiresInSeconds * 1000);
    c.set(new Date(verified.expiresAt.getTime() - 1));
    expect(tokens.verify(issued.token).ok).toBe(true);
    c.set(verified.expiresAt);
    expect(tokens.verify(issued.token)).toEqual({ ok: false, reason: 'token_expired' });
  });

  it('refuses tokens it did not issue', () => {
    const tokens = open(clock());
    expect(tokens.verify('made.up.token')).toEqual({ ok: false, reason: 'unauthenticated' });
    expect(tokens.verify('')).toEqual({ ok: false, reason: 'unauthenticated' });
  });
}

export function secretsContract(open: () => Secrets): void {
  it('generates distinct long secrets and hashes each the same way every time', () => {
    const secrets = open();
    const generated = Array.from({ length: 50 }, () => secrets.generate());
    expect(new Set(generated).size).toBe(50);
    expect(generated.every((s) => s.length >= 32)).toBe(true);
    const [first, second] = generated;
    expect(secrets.hash(first!)).toBe(secrets.hash(first!));
    expect(secrets.hash(first!)).not.toBe(secrets.hash(second!));
    expect(secrets.hash(first!)).not.toBe(first);
  });

  it('derives one URL-safe secret per secret and purpose, the same every time and on every instance', () => {
    const [secrets, twin] = [open(), open()];
    const [a, b] = [secrets.generate(), secrets.generate()];
    const derived = secrets.derive(a, 'refresh-successor');
    expect(derived).toBe(twin.derive(a, 'refresh-successor'));
    expect(derived).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(derived).not.toContain(a);
    const others = [secrets.derive(b, 'refresh-successor'), secrets.derive(a, 'another-purpose'), secrets.derive(derived, 'refresh-successor')];
    expect(new Set([derived, ...others]).size).toBe(4);
  });
}

export function idGeneratorContract(open: () => IdGenerator): void {
  it('never repeats and sorts in creation order', async () => {
    const ids = open();
    const made: string[] = [];
    for (let i = 0; i < 200; i++) {
      made.push(ids.next());
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    expect(new Set(made).size).toBe(made.length);
    const firsts = made.filter((_, i) => i % 50 === 0);
    expect([...firsts].sort()).toEqual(firsts);
  });
}
