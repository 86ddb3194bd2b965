// Value rules of SPEC §3.1 and the small domain decisions around sessions, resets and keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_KEY_MARK, apiKeyPrefix } from '../../../domain/identity/api-key';
import { companyCreated, userRegistered } from '../../../domain/identity/identity-events';
import {
  checkName, checkPassword, checkSlug, emailKey, normalEmail, slugKey,
} from '../../../domain/identity/identity-rules';
import { isGrantUsable, type PasswordReset } from '../../../domain/identity/password-reset';
import type { RefreshToken } from '../../../domain/identity/refresh-token';
import { canGrant, isAtLeast, ROLES, roleRank } from '../../../domain/identity/role';
import { judgeRefreshToken } from '../../../domain/identity/session';
import { newUser } from '../../../domain/identity/user';

const at = (iso: string) => new Date(iso);

describe('emails', () => {
  it('are trimmed and lower-cased', () => {
    expect(normalEmail('  Ana.Lopez@Example.COM ')).toEqual({ ok: true, value: 'ana.lopez@example.com' });
    expect(emailKey(' Bo@X.Test')).toBe('bo@x.test');
  });

  it('need one @ and a dotted domain, and name the field when refused', () => {
    for (const bad of ['', 'plain', 'a@b', '@x.test', 'a@.', 'a b@x.test', 'a@x .test', 'a@@x.test']) {
      const result = normalEmail(bad, 'owner.email');
      expect(result.ok, bad).toBe(false);
      if (!result.ok) expect(result.error.details).toEqual([{ path: 'owner.email', message: 'must be an email address' }]);
    }
  });

  it('are at most 254 characters', () => {
    const local = 'a'.repeat(64);
    expect(normalEmail(`${local}@${'b'.repeat(184)}.test`).ok).toBe(true);
    expect(normalEmail(`${local}@${'b'.repeat(185)}.test`).ok).toBe(false);
  });

  it('normalise idempotently', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom('', ' ', '\t'), (email, pad) => {
        const once = normalEmail(pad + email.toUpperCase() + pad);
        if (!once.ok) return;
        expect(normalEmail(once.value)).toEqual(once);
        expect(once.value).toBe(once.value.trim().toLowerCase());
      }),
    );
  });
});

describe('passwords', () => {
  it('are accepted from 8 to 128 characters, exactly as typed', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 200 }), (password) => {
        const result = checkPassword(password);
        const fits = password.length >= 8 && password.length <= 128;
        expect(result.ok).toBe(fits);
        if (result.ok) expect(result.value).toBe(password);
      }),
    );
    expect(checkPassword('  spaced  ').ok).toBe(true);
    const refused = checkPassword('short', 'newPassword');
    expect(refused.ok ? null : refused.error.details?.[0]?.path).toBe('newPassword');
  });
});

describe('slugs', () => {
  it('are 3..60 lower-case letters and digits in dash-separated groups', () => {
    for (const good of ['abc', 'acme-shoes', 'a1-b2-c3', '123', 'x'.repeat(60)]) expect(checkSlug(good).ok, good).toBe(true);
    for (const bad of ['ab', 'Acme', 'acme_shoes', '-acme', 'acme-', 'ac--me', 'ac me', 'x'.repeat(61), 'café']) {
      expect(checkSlug(bad).ok, bad).toBe(false);
    }
  });

  it('accept exactly what the pattern describes', () => {
    const group = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    fc.assert(
      fc.property(fc.array(group, { minLength: 1, maxLength: 6 }), (groups) => {
        const slug = groups.join('-');
        expect(checkSlug(slug).ok).toBe(slug.length >= 3 && slug.length <= 60);
      }),
    );
  });

  it('are looked up case-insensitively', () => {
    expect(slugKey('  Acme-Shoes ')).toBe('acme-shoes');
  });
});

describe('names', () => {
  it('are trimmed and 1..100 characters unless told otherwise', () => {
    expect(checkName('  Ana  ', 'displayName')).toEqual({ ok: true, value: 'Ana' });
    expect(checkName('   ', 'displayName').ok).toBe(false);
    expect(checkName('x'.repeat(100), 'displayName').ok).toBe(true);
    expect(checkName('x'.repeat(101), 'displayName').ok).toBe(false);
    expect(checkName('x'.repeat(200), 'name', 200).ok).toBe(true);
  });
});

describe('roles', () => {
  it('are ordered owner > admin > staff > customer', () => {
    expect([...ROLES].sort((a, b) => roleRank(b) - roleRank(a))).toEqual(['owner', 'admin', 'staff', 'customer']);
    expect(isAtLeast('admin', 'staff')).toBe(true);
    expect(isAtLeast('staff', 'admin')).toBe(false);
  });

  it('can be granted up to, never above, one\'s own', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...ROLES), (granter, granted) => {
        expect(canGrant(granter, granted)).toBe(roleRank(granted) <= roleRank(granter));
      }),
    );
    expect(canGrant('admin', 'owner')).toBe(false);
    expect(canGrant('owner', 'owner')).toBe(true);
  });
});

describe('refresh tokens', () => {
  const token = (extra: Partial<RefreshToken> = {}): RefreshToken => ({
    id: 't', companyId: 'c', userId: 'u', familyId: 'f', tokenHash: 'h',
    expiresAt: at('2026-02-01T00:00:00Z'), spentAt: null, revokedAt: null, createdAt: at('2026-01-01T00:00:00Z'), ...extra,
  });
  const now = at('2026-01-15T00:00:00Z');

  const LEEWAY_MS = 10_000;

  it('are usable until spent, revoked or expired', () => {
    expect(judgeRefreshToken(token(), now, LEEWAY_MS)).toBe('usable');
    expect(judgeRefreshToken(token({ revokedAt: now }), now, LEEWAY_MS)).toBe('revoked');
    expect(judgeRefreshToken(token({ expiresAt: now }), now, LEEWAY_MS)).toBe('expired');
  });

  it('count as recently spent within the leeway after spending, and as reused from then on', () => {
    const spentAt = new Date(now.getTime() - LEEWAY_MS + 1);
    expect(judgeRefreshToken(token({ spentAt: now }), now, LEEWAY_MS)).toBe('recently_spent');
    expect(judgeRefreshToken(token({ spentAt }), now, LEEWAY_MS)).toBe('recently_spent');
    expect(judgeRefreshToken(token({ spentAt, expiresAt: now }), now, LEEWAY_MS)).toBe('recently_spent');
    expect(judgeRefreshToken(token({ spentAt: new Date(spentAt.getTime() - 1) }), now, LEEWAY_MS)).toBe('reused');
  });

  it('are reused at once when spent, with a leeway of 0', () => {
    expect(judgeRefreshToken(token({ spentAt: now }), now, 0)).toBe('reused');
  });

  it('count as reused once spent in a revoked family, whatever the time', () => {
    expect(judgeRefreshToken(token({ spentAt: now, revokedAt: now }), now, LEEWAY_MS)).toBe('reused');
    expect(judgeRefreshToken(token({ spentAt: now, revokedAt: now, expiresAt: now }), now, LEEWAY_MS)).toBe('reused');
  });
});

describe('password reset grants', () => {
  const grant = (extra: Partial<PasswordReset> = {}): PasswordReset => ({
    id: 'g', companyId: 'c', userId: 'u', tokenHash: 'h',
    expiresAt: at('2026-01-01T00:30:00Z'), usedAt: null, createdAt: at('2026-01-01T00:00:00Z'), ...extra,
  });

  it('work once, before they expire', () => {
    expect(isGrantUsable(grant(), at('2026-01-01T00:29:59Z'))).toBe(true);
    expect(isGrantUsable(grant(), at('2026-01-01T00:30:00Z'))).toBe(false);
    expect(isGrantUsable(grant({ usedAt: at('2026-01-01T00:01:00Z') }), at('2026-01-01T00:02:00Z'))).toBe(false);
  });
});

describe('API keys', () => {
  it('keep the mark and six characters in clear', () => {
    const secret = `${API_KEY_MARK}AbCdEfGhIjKlMnOp`;
    expect(apiKeyPrefix(secret)).toBe('cgk_AbCdEf');
  });
});

describe('identity events', () => {
  const stamp = { id: 'e1', occurredAt: at('2026-01-01T10:00:00Z') };

  it('describe a new company and a new user in the SPEC envelope, without secrets', () => {
    const company = { id: 'c1', name: 'Acme', slug: 'acme', createdAt: stamp.occurredAt };
    expect(companyCreated(company, stamp)).toEqual({
      id: 'e1', type: 'CompanyCreated', companyId: 'c1', occurredAt: '2026-01-01T10:00:00.000Z', version: 1,
      payload: { companyId: 'c1', name: 'Acme', slug: 'acme' },
    });
    const user = newUser(
      { id: 'u1', companyId: 'c1', email: 'a@x.test', displayName: 'A', role: 'owner', passwordHash: 'secret-hash' },
      stamp.occurredAt,
    );
    const event = userRegistered(user, stamp);
    expect(event).toMatchObject({ type: 'UserRegistered', companyId: 'c1', payload: { userId: 'u1', email: 'a@x.test', displayName: 'A', role: 'owner' } });
    expect(JSON.stringify(event)).not.toContain('secret-hash');
  });
});
