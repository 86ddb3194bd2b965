import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../composition/config';

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40) };

describe('configuration: CORS_ORIGINS, METRICS_TOKEN, METRICS_PORT', () => {
  it('allows every origin by default and reads a list of origins', () => {
    expect(loadConfig({}).CORS_ORIGINS).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: '*' }).CORS_ORIGINS).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).CORS_ORIGINS).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });

  it.each([
    'app.example.com', 'https://app.example.com/', 'https://app.example.com/path', 'ftp://files.example.com',
    'https://app.example.com,*', 'https://user@app.example.com', 'https://app.example.com,,https://b.example.com',
  ])('refuses CORS_ORIGINS=%s, naming the variable', (value) => {
    expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(/^Invalid configuration:\n {2}CORS_ORIGINS: /);
  });

  it('refuses a short METRICS_TOKEN and a METRICS_PORT that is no port', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT: /);
  });

  it('refuses production with neither METRICS_TOKEN nor METRICS_PORT, naming both', () => {
    expect(() => loadConfig(PRODUCTION)).toThrow(ConfigError);
    expect(() => loadConfig(PRODUCTION)).toThrow(/METRICS_TOKEN or METRICS_PORT: one is required when NODE_ENV=production/);
    expect(loadConfig({ ...PRODUCTION, METRICS_TOKEN: 'm'.repeat(16) }).METRICS_TOKEN).toBe('m'.repeat(16));
    expect(loadConfig({ ...PRODUCTION, METRICS_PORT: '9100' }).METRICS_PORT).toBe(9100);
  });
});
