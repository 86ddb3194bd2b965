import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Secrets } from '../../application/ports/secrets';

/**
 * 256-bit random secrets; SHA-256 is enough for storage because they are not guessable.
 * Derivation is HMAC-SHA-256 under a key of its own, itself derived from the server secret
 * it is given (the JWT secret), so no key serves two purposes.
 */
export class CryptoSecrets implements Secrets {
  private readonly derivationKey: Buffer;

  constructor(serverSecret: string) {
    this.derivationKey = createHmac('sha256', serverSecret).update('conversion-graph/secrets/derive').digest();
  }

  generate(): string {
    return randomBytes(32).toString('base64url');
  }

  hash(secret: string): string {
    return createHash('sha256').update(secret).digest('hex');
  }

  derive(secret: string, purpose: string): string {
    // The NUL keeps (purpose, secret) pairs apart: no purpose contains one.
    return createHmac('sha256', this.derivationKey).update(`${purpose}\0${secret}`).digest('base64url');
  }
}
