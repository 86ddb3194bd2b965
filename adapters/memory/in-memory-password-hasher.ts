import type { PasswordHasher } from '../../application/ports/password-hasher';

/**
 * For unit tests only: salted but not memory-hard, so suites that create many users stay
 * fast. Never bound outside tests.
 */
export class InMemoryPasswordHasher implements PasswordHasher {
  private salt = 0;

  async hash(password: string): Promise<string> {
    this.salt += 1;
    return `memory$${this.salt}$${password.length}:${password}`;
  }

  async verify(password: string, hash: string): Promise<boolean> {
    const [scheme, , stored] = hash.split('$');
    return scheme === 'memory' && stored === `${password.length}:${password}`;
  }
}
