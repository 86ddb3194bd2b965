import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../adapters/memory/fixed-clock';
import { CryptoSecrets } from '../../../adapters/security/crypto-secrets';
import { JwtAccessTokens } from '../../../adapters/security/jwt-access-tokens';
import { ScryptPasswordHasher } from '../../../adapters/security/scrypt-password-hasher';

describe('ScryptPasswordHasher', () => {
  const hasher = new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

  it('salts every hash and verifies only the right password', async () => {
    const [a, b] = [await hasher.hash('correct horse'), await hasher.hash('correct horse')];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await hasher.verify('correct horse', a)).toBe(true);
    expect(await hasher.verify('correct horsf', a)).toBe(false);
    expect(await hasher.verify('anything', 'not-a-hash')).toBe(false);
  });

  it('uses a memory-hard cost by default (32 MiB per hash)', async () => {
    const hash = await new ScryptPasswordHasher().hash('pw-pw-pw-pw');
    const [, N, r] = hash.split('$').map(Number);
    expect((N ?? 0) * (r ?? 0) * 128).toBe(32 * 1024 * 1024);
  });
});

describe('JwtAccessTokens', () => {
  const clock = new FixedClock(new Date('2026-05-01T10:00:00Z'));
  const settings = { secret: 's'.repeat(40), issuer: 'cg', audience: 'cg-api', ttlSeconds: 900 };
  const tokens = new JwtAccessTokens(settings, clock);
  const actor = { userId: 'u1', companyId: 'c1', role: 'staff' as const };

  it('round-trips the actor with HS256, iss, aud and exp', () => {
    const issued = tokens.issue(actor);
    expect(issued.expiresInSeconds).toBe(900);
    const decoded = jwt.decode(issued.token, { complete: true });
    expect(decoded?.header.alg).toBe('HS256');
    expect(decoded?.payload).toMatchObject({ sub: 'u1', cid: 'c1', role: 'staff', iss: 'cg', aud: 'cg-api' });
    expect(tokens.verify(issued.token)).toEqual({ ok: true, actor });
  });

  it('tells an expired token from a bad one', () => {
    const issued = tokens.issue(actor);
    const later = new JwtAccessTokens(settings, new FixedClock(new Date('2026-05-01T10:16:00Z')));
    expect(later.verify(issued.token)).toEqual({ ok: false, reason: 'token_expired' });
    const other = new JwtAccessTokens({ ...settings, audience: 'elsewhere' }, clock);
    expect(other.verify(issued.token)).toEqual({ ok: false, reason: 'unauthenticated' });
    const forged = jwt.sign({ cid: 'c1', role: 'root', sub: 'u1', iss: 'cg', aud: 'cg-api' }, settings.secret);
    expect(tokens.verify(forged)).toEqual({ ok: false, reason: 'unauthenticated' });
  });
});

describe('CryptoSecrets', () => {
  it('makes unguessable secrets and stable hashes', () => {
    const secrets = new CryptoSecrets();
    const [a, b] = [secrets.generate(), secrets.generate()];
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(43);
    expect(secrets.hash(a)).toBe(secrets.hash(a));
    expect(secrets.hash(a)).not.toContain(a);
  });
});
