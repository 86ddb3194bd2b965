import type { Interest, InterestSource } from '../../domain/interests/interest';

export interface UserInterests {
  readonly userId: string;
  /** As stored (inferred weights not decayed), strongest first. */
  readonly interests: readonly Interest[];
}

export interface InterestRepository {
  /** The user's interests of every source, strongest first. Empty when none. */
  forUser(companyId: string, userId: string): Promise<readonly Interest[]>;
  /**
   * Holds the user's interests until the transaction ends: a concurrent `lock` of the same
   * user waits for it, so a read-modify-write of inferred interests never loses an update.
   */
  lock(companyId: string, userId: string): Promise<void>;
  /** Replaces every interest of that source for the user with `interests`. */
  replace(companyId: string, userId: string, source: InterestSource, interests: readonly Interest[]): Promise<void>;
  /**
   * Up to `limit` users of the company that have interests, ordered by user id, after
   * `afterUserId` (exclusive; null starts at the beginning), each with all their interests.
   */
  scanUsers(companyId: string, afterUserId: string | null, limit: number): Promise<readonly UserInterests[]>;
}
