// Analytics answers in the cache: plain JSON but for their Dates, written as ISO text and read
// back by the keys that hold them.
import type { Codec } from '../cache/cache-aside';
import type { JsonValue } from '../ports/cache';

export function answerCodec<T>(dateKeys: readonly string[]): Codec<T> {
  const dates = new Set(dateKeys);
  const revive = (value: JsonValue): unknown => {
    if (Array.isArray(value)) return value.map((item: JsonValue) => revive(item));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, JsonValue>)) {
      out[key] = dates.has(key) && typeof item === 'string' ? new Date(item) : revive(item);
    }
    return out;
  };
  return {
    encode: (value) => JSON.parse(JSON.stringify(value)) as JsonValue,
    decode: (json) => revive(json) as T,
  };
}
