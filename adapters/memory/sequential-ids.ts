import type { IdGenerator } from '../../application/ports/id-generator';

/** Predictable, ordered ids for tests that assert on them. */
export class SequentialIds implements IdGenerator {
  private counter = 0;

  constructor(private readonly prefix = 'id') {}

  next(): string {
    this.counter += 1;
    return `${this.prefix}-${String(this.counter).padStart(8, '0')}`;
  }
}
