import { createHash } from 'node:crypto';
import type { Secrets } from '../../application/ports/secrets';

/** Deterministic secrets for tests; the hash is reversible on purpose, so never use it elsewhere. */
export class CounterSecrets implements Secrets {
  private counter = 0;

  generate(): string {
    this.counter += 1;
    return `secret-${this.counter}-${'x'.repeat(32)}`;
  }

  hash(secret: string): string {
    return `hashed:${[...secret].reverse().join('')}`;
  }

  derive(secret: string, purpose: string): string {
    // Keyless, so anyone can compute it: fine for tests, which is all this class is for.
    return `derived-${createHash('sha256').update(`${purpose}\0${secret}`).digest('base64url')}`;
  }
}
