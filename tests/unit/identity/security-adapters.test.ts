// The security adapters behind identity: scrypt password hashes and HS256 access tokens,
// attacked the ways real tokens and stored rows get attacked or corrupted.
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../adapters/memory/fixed-clock';
import { CryptoSecrets } from '../../../adapters/security/crypto-secrets';
import { JwtAccessTokens } from '../../../adapters/security/jwt-access-tokens';
import { MemoryRateLimiter } from '../../../adapters/security/memory-rate-limiter';
import { ScryptPasswordHasher } from '../../../adapters/security/scrypt-password-hasher';

describe('ScryptPasswordHasher', () => {
  const hasher = new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

  it('verifies hashes made with another cost, since the cost travels in the hash', async () => {
    const old = await new ScryptPasswordHasher({ N: 2 ** 11, r: 4, p: 2 }).hash('an older password');
    expect(old.startsWith('scrypt$2048$4$2$')).toBe(true);
    expect(await hasher.verify('an older password', old)).toBe(true);
    expect(await hasher.verify('an older passworD', old)).toBe(false);
  });

  it('treats Unicode-equivalent spellings of a password alike (NFKC)', async () => {
    const composed = await hasher.hash('caf\u00e9 au lait');
    expect(await hasher.verify('cafe\u0301 au lait', composed)).toBe(true);
  });

  it('answers false, without throwing, for hashes it did not write', async () => {
    const good = await hasher.hash('password-1');
    const [, , , , salt, key] = good.split('$');
    const malformed = [
      '',
      'bcrypt$2b$10$abc',
      `scrypt$abc$8$1$${salt}$${key}`,
      `scrypt$1000$8$1$${salt}$${key}`,
      `scrypt$1$8$1$${salt}$${key}`,
      `scrypt$${2 ** 24}$8$1$${salt}$${key}`,
      `scrypt$1024$0$1$${salt}$${key}`,
      `scrypt$1024$8$1$${salt}$${key?.slice(0, 10)}`,
      `scrypt$1024$8$1$${salt}`,
      `${good}$extra`,
    ];
    for (const hash of malformed) expect(await hasher.verify('password-1', hash), hash).toBe(false);
  });
});

describe('JwtAccessTokens', () => {
  const secret = 's'.repeat(40);
  const clock = new FixedClock(new Date('2026-05-01T10:00:00Z'));
  const settings = { secret, issuer: 'cg', audience: 'cg-api', ttlSeconds: 900 };
  const tokens = new JwtAccessTokens(settings, clock);
  const actor = { userId: 'u1', companyId: 'c1', role: 'admin' as const };
  const now = () => Math.floor(clock.now().getTime() / 1000);
  const claims = () => ({ cid: 'c1', role: 'admin', sub: 'u1', sid: 's1', iss: 'cg', aud: 'cg-api', iat: now(), exp: now() + 600 });
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('accepts a token it issued, up to the last second of its lifetime', () => {
    const issued = tokens.issue(actor, 's1');
    clock.advance(899_000);
    expect(tokens.verify(issued.token)).toEqual({ ok: true, actor, sessionId: 's1', expiresAt: new Date('2026-05-01T10:15:00Z') });
    clock.advance(1000);
    expect(tokens.verify(issued.token)).toEqual({ ok: false, reason: 'token_expired' });
    clock.set(new Date('2026-05-01T10:00:00Z'));
  });

  it('refuses alg none, other algorithms, other keys, issuers and audiences', () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
    const refused = [
      unsigned,
      jwt.sign(claims(), secret, { algorithm: 'HS512' }),
      jwt.sign(claims(), 'another-secret-another-secret-000000'),
      jwt.sign({ ...claims(), iss: 'someone-else' }, secret),
      jwt.sign({ ...claims(), aud: 'another-api' }, secret),
    ];
    for (const token of refused) expect(tokens.verify(token), token).toEqual({ ok: false, reason: 'unauthenticated' });
  });

  it('refuses a payload changed after signing', () => {
    const [header, , signature] = tokens.issue({ ...actor, role: 'customer' }, 's1').token.split('.');
    const tampered = `${header}.${b64({ ...claims(), role: 'owner' })}.${signature}`;
    expect(tokens.verify(tampered)).toEqual({ ok: false, reason: 'unauthenticated' });
  });

  it('still refuses a changed copy of a token it has already verified and remembered', () => {
    const issued = tokens.issue({ ...actor, role: 'customer' }, 's1').token;
    expect(tokens.verify(issued)).toEqual({ ok: true, actor: { ...actor, role: 'customer' }, sessionId: 's1', expiresAt: new Date('2026-05-01T10:15:00Z') });
    const [header, , signature] = issued.split('.');
    expect(tokens.verify(`${header}.${b64({ ...claims(), role: 'owner' })}.${signature}`)).toEqual({ ok: false, reason: 'unauthenticated' });
    expect(tokens.verify(`${issued}x`)).toEqual({ ok: false, reason: 'unauthenticated' });
  });

  it('refuses tokens missing the company, the subject, the session or a known role', () => {
    const { cid: _cid, ...noCompany } = claims();
    const { sub: _sub, ...noSubject } = claims();
    const { sid: _sid, ...noSession } = claims();
    expect(tokens.verify(jwt.sign(claims(), secret))).toEqual({ ok: true, actor, sessionId: 's1', expiresAt: new Date((now() + 600) * 1000) });
    for (const payload of [noCompany, noSubject, noSession, { ...claims(), role: 'root' }, { ...claims(), cid: 42 }, { ...claims(), sid: 7 }]) {
      expect(tokens.verify(jwt.sign(payload, secret))).toEqual({ ok: false, reason: 'unauthenticated' });
    }
    expect(tokens.verify('garbage')).toEqual({ ok: false, reason: 'unauthenticated' });
  });
});

describe('CryptoSecrets', () => {
  const SERVER_SECRET = 'server-secret-server-secret-server-secret';

  it('makes URL-safe 256-bit secrets and hashes them one way', () => {
    const secrets = new CryptoSecrets(SERVER_SECRET);
    const seen = new Set(Array.from({ length: 200 }, () => secrets.generate()));
    expect(seen.size).toBe(200);
    for (const secret of seen) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [one] = seen;
    expect(secrets.hash(one!)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('derives under its server secret: another secret derives another value', () => {
    const secret = new CryptoSecrets(SERVER_SECRET).generate();
    const derived = new CryptoSecrets(SERVER_SECRET).derive(secret, 'refresh-successor');
    expect(derived).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new CryptoSecrets(`${SERVER_SECRET}!`).derive(secret, 'refresh-successor')).not.toBe(derived);
  });
});

describe('MemoryRateLimiter', () => {
  it('tells how long to wait, in whole seconds within the window', async () => {
    const limiter = new MemoryRateLimiter({ points: 1, durationSeconds: 120 });
    await limiter.consume('k');
    const refused = await limiter.consume('k');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
    if (!refused.allowed) {
      expect(Number.isInteger(refused.retryAfterSeconds)).toBe(true);
      expect(refused.retryAfterSeconds).toBeGreaterThan(100);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(120);
    }
  });
});
