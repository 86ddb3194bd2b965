// The envelope of SPEC §3.7. Every event is written to the outbox in the transaction
// that made the change it describes.
export interface DomainEvent<T extends string = string, P = unknown> {
  readonly id: string;
  readonly type: T;
  readonly companyId: string;
  readonly occurredAt: string;
  readonly version: number;
  readonly payload: P;
}

export interface EventStamp {
  readonly id: string;
  readonly occurredAt: Date;
}

export function domainEvent<T extends string, P>(
  type: T,
  companyId: string,
  payload: P,
  stamp: EventStamp,
  version = 1,
): DomainEvent<T, P> {
  return { id: stamp.id, type, companyId, occurredAt: stamp.occurredAt.toISOString(), version, payload };
}
