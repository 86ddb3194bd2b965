// How big and how deep a parsed JSON value is, without serialising it: SDK events are checked
// a thousand at a time, and JSON.stringify of each (or of a value nested deeper than the stack)
// would cost that much or throw.

export interface JsonBounds {
  /** At least the length of its JSON text in UTF-8 (a char is at most 6 bytes, as `\u001f`). */
  readonly bytesAtMost: number;
  /** Containers on the deepest path: 0 for a scalar. */
  readonly depth: number;
}

const MAX_CHAR_BYTES = 6;
/** `-1.2345678901234567e+308`. */
const MAX_NUMBER_BYTES = 24;

/** Iterative, so any depth JSON.parse built is measured without recursion. */
export function jsonBounds(value: unknown): JsonBounds {
  let bytes = 0;
  let depth = 0;
  const pending: { readonly item: unknown; readonly level: number }[] = [{ item: value, level: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { item, level } = next;
    if (typeof item === 'string') bytes += item.length * MAX_CHAR_BYTES + 2;
    else if (typeof item === 'number') bytes += MAX_NUMBER_BYTES;
    else if (typeof item !== 'object' || item === null) bytes += 5;
    else {
      depth = Math.max(depth, level + 1);
      bytes += 2;
      if (Array.isArray(item)) {
        for (const element of item) pending.push({ item: element, level: level + 1 });
        bytes += item.length;
      } else {
        for (const [key, element] of Object.entries(item)) {
          bytes += key.length * MAX_CHAR_BYTES + 4;
          pending.push({ item: element, level: level + 1 });
        }
      }
    }
  }
  return { bytesAtMost: bytes, depth };
}
