import type { Interest, InterestSource } from '../../domain/interests/interest';

export interface InterestRepository {
  /** The user's interests of every source, strongest first. Empty when none. */
  forUser(companyId: string, userId: string): Promise<readonly Interest[]>;
  /** Replaces every interest of that source for the user with `interests`. */
  replace(companyId: string, userId: string, source: InterestSource, interests: readonly Interest[]): Promise<void>;
}
