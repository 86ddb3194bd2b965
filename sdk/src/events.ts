// What one call of track, identify or page queues: the wire shape of SPEC §3.9, fixed when
// the call is made (its messageId and timestamp never change, so a resend is a duplicate).
export type EventType = 'track' | 'identify' | 'page';
export type Properties = Readonly<Record<string, unknown>>;

export interface SdkEvent {
  readonly messageId: string;
  readonly type: EventType;
  readonly event?: string;
  readonly name?: string;
  readonly userId?: string;
  readonly anonymousId?: string;
  readonly properties?: Properties;
  readonly traits?: Properties;
  /** ISO-8601, by the caller's clock. */
  readonly timestamp: string;
}

/** The server refuses a larger event on its own (SPEC §3.9, Segment's bound). */
export const MAX_EVENT_BYTES = 32 * 1024;

interface RandomSource {
  randomUUID?: () => string;
  getRandomValues?: (array: Uint8Array) => Uint8Array;
}

const randomSource = (): RandomSource => (globalThis as { crypto?: RandomSource }).crypto ?? {};

/** True where ids can be made: every browser since 2014 and Node ≥ 20. */
export const canMakeIds = (): boolean => typeof randomSource().getRandomValues === 'function';

/**
 * A random (v4) UUID. `randomUUID` exists only in secure contexts (https, localhost), so a page
 * served over plain http builds one from `getRandomValues`, which exists everywhere.
 */
export function newId(): string {
  const source = randomSource();
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = (source.getRandomValues as (array: Uint8Array) => Uint8Array)(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const encoder = new TextEncoder();

/** Bytes of `text` in UTF-8, as the server measures bodies and events. */
export const utf8Length = (text: string): number => encoder.encode(text).length;
