import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../composition/config';

describe('configuration', () => {
  it('runs on embedded defaults with no environment at all', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './data/pglite' });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@db:5432/cg' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://app@db:5432/cg' });
  });

  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://x'],
    ['LOG_LEVEL', 'loud'],
    ['JWT_SECRET', 'short'],
    ['SMTP_URL', 'http://mail'],
  ])('names %s when its value is bad', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });

  it('answers a spent refresh token with its successor for 10 seconds by default, and throttles refresh and password reset', () => {
    const config = loadConfig({});
    expect(config.REFRESH_REUSE_LEEWAY_SECONDS).toBe(10);
    expect([config.REFRESH_MAX_PER_ADDRESS, config.REFRESH_WINDOW_SECONDS]).toEqual([60, 60]);
    expect([config.PASSWORD_RESET_MAX_PER_EMAIL, config.PASSWORD_RESET_MAX_PER_ADDRESS, config.PASSWORD_RESET_WINDOW_SECONDS]).toEqual([3, 20, 900]);
    expect(loadConfig({ REFRESH_REUSE_LEEWAY_SECONDS: '0' }).REFRESH_REUSE_LEEWAY_SECONDS).toBe(0);
    expect(() => loadConfig({ REFRESH_REUSE_LEEWAY_SECONDS: '-1' })).toThrow(/REFRESH_REUSE_LEEWAY_SECONDS: /);
    expect(() => loadConfig({ PASSWORD_RESET_MAX_PER_EMAIL: '0' })).toThrow(/PASSWORD_RESET_MAX_PER_EMAIL: /);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required/);
  });

  it('trusts a session check for half a second by default, and never longer than the second SPEC §3.1 allows', () => {
    expect(loadConfig({}).SESSION_CHECK_MS).toBe(500);
    expect(loadConfig({ SESSION_CHECK_MS: '0' }).SESSION_CHECK_MS).toBe(0);
    expect(() => loadConfig({ SESSION_CHECK_MS: '1001' })).toThrow(/SESSION_CHECK_MS: /);
  });
});
