import { createHash, randomBytes } from 'node:crypto';
import type { Secrets } from '../../application/ports/secrets';

/** 256-bit random secrets; SHA-256 is enough for storage because they are not guessable. */
export class CryptoSecrets implements Secrets {
  generate(): string {
    return randomBytes(32).toString('base64url');
  }

  hash(secret: string): string {
    return createHash('sha256').update(secret).digest('hex');
  }
}
