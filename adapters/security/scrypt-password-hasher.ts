import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../../application/ports/password-hasher';

/** scrypt (memory-hard). Parameters travel inside the hash so they can be raised later. */
export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** 2^15 * 8 * 128 bytes = 32 MiB per hash, OWASP's scrypt floor. */
export const PRODUCTION_SCRYPT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

const KEY_LENGTH = 32;
/** A stored hash may not ask for more memory than this (a corrupted row must not exhaust the process). */
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export class ScryptPasswordHasher implements PasswordHasher {
  constructor(private readonly cost: ScryptCost = PRODUCTION_SCRYPT_COST) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.cost);
    const { N, r, p } = this.cost;
    return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  }

  async verify(password: string, hash: string): Promise<boolean> {
    const parsed = parseHash(hash);
    if (!parsed) return false;
    const actual = await derive(password, parsed.salt, parsed.cost);
    return actual.length === parsed.key.length && timingSafeEqual(actual, parsed.key);
  }
}

/** The parts of a hash we wrote, or null for anything else (including absurd costs). */
function parseHash(hash: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | null {
  const [scheme, N, r, p, salt, key, extra] = hash.split('$');
  if (scheme !== 'scrypt' || !N || !r || !p || !salt || !key || extra !== undefined) return null;
  const cost = { N: Number(N), r: Number(r), p: Number(p) };
  const sane =
    Number.isInteger(cost.N) && cost.N >= 2 && (cost.N & (cost.N - 1)) === 0 &&
    Number.isInteger(cost.r) && cost.r >= 1 && Number.isInteger(cost.p) && cost.p >= 1 && cost.p <= 16 &&
    128 * cost.N * cost.r <= MAX_MEMORY_BYTES;
  const keyBytes = Buffer.from(key, 'base64url');
  return sane && keyBytes.length === KEY_LENGTH ? { cost, salt: Buffer.from(salt, 'base64url'), key: keyBytes } : null;
}
