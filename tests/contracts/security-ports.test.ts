import { describe } from 'vitest';
import { CounterSecrets } from '../../adapters/memory/counter-secrets';
import { FixedClock } from '../../adapters/memory/fixed-clock';
import { InMemoryAccessTokens } from '../../adapters/memory/in-memory-access-tokens';
import { InMemoryPasswordHasher } from '../../adapters/memory/in-memory-password-hasher';
import { SequentialIds } from '../../adapters/memory/sequential-ids';
import { CryptoSecrets } from '../../adapters/security/crypto-secrets';
import { JwtAccessTokens } from '../../adapters/security/jwt-access-tokens';
import { ScryptPasswordHasher } from '../../adapters/security/scrypt-password-hasher';
import { UuidV7Ids } from '../../adapters/system/uuid-v7-ids';
import { accessTokensContract, idGeneratorContract, passwordHasherContract, secretsContract } from './security-ports.contract';

const clock = () => new FixedClock(new Date('2026-06-01T12:00:00Z'));

describe('PasswordHasher [memory]', () => passwordHasherContract(() => new InMemoryPasswordHasher()));
describe('PasswordHasher [scrypt]', () => passwordHasherContract(() => new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 })));
describe('AccessTokens [memory]', () => accessTokensContract((c) => new InMemoryAccessTokens(c), clock));
describe('AccessTokens [JWT HS256]', () =>
  accessTokensContract((c) => new JwtAccessTokens({ secret: 's'.repeat(40), issuer: 'cg', audience: 'cg-api', ttlSeconds: 900 }, c), clock));
describe('Secrets [memory]', () => secretsContract(() => new CounterSecrets()));
describe('Secrets [crypto]', () => secretsContract(() => new CryptoSecrets('server-secret-server-secret-server-secret')));
describe('IdGenerator [memory]', () => idGeneratorContract(() => new SequentialIds()));
describe('IdGenerator [UUIDv7]', () => idGeneratorContract(() => new UuidV7Ids()));
