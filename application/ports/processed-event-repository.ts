/** The consumers' inbox: which events each consumer has already applied. */
export interface ProcessedEventRepository {
  /**
   * Records, inside the caller's transaction, that `consumer` applies `eventId`. Resolves
   * false when that consumer already applied it (a redelivery: the caller changes nothing).
   * A concurrent claim of the same pair waits for the first transaction and then sees false.
   */
  claim(consumer: string, eventId: string, at: Date): Promise<boolean>;
}
