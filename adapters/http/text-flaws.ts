// Finds the text no store should see (SPEC §2 "Text is validated at the edge"): a NUL byte,
// which PostgreSQL cannot hold in `text`, or an unpaired UTF-16 surrogate, which has no UTF-8
// form. Every string of a request is looked at, object keys and array items included, at any depth.
/// <reference lib="es2024.string" />

export interface TextFlaw {
  /** Keys and array indexes from the scanned value down to the flawed string or key. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface TextFlaws {
  /** The first `limit` flaws, in no particular order. */
  readonly named: readonly TextFlaw[];
  /** How many there are in all. */
  readonly count: number;
}

/** What is wrong with `text`, or null when a store may take it. */
export function flawOf(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain a NUL byte (U+0000)';
  return text.isWellFormed() ? null : 'must not contain an unpaired surrogate (ill-formed UTF-16)';
}

/** Links from a nested value up to the scanned one: built only for containers and flaws. */
type Trail = { readonly key: string | number; readonly up: Trail } | null;

const pathOf = (trail: Trail): (string | number)[] => {
  const path: (string | number)[] = [];
  for (let at = trail; at; at = at.up) path.push(at.key);
  return path.reverse();
};

/**
 * Every flawed string and key in `value`, naming at most `limit` of them. Iterative, so a
 * deeply nested body (JSON.parse builds any depth) cannot overflow the stack.
 */
export function findTextFlaws(value: unknown, limit: number): TextFlaws {
  const named: TextFlaw[] = [];
  let count = 0;
  const note = (trail: Trail, message: string) => {
    count += 1;
    if (named.length < limit) named.push({ path: pathOf(trail), message });
  };
  const pending: { readonly container: object; readonly trail: Trail }[] = [];
  const visit = (item: unknown, key: string | number, up: Trail) => {
    if (typeof item === 'string') {
      const flaw = flawOf(item);
      if (flaw) note({ key, up }, flaw);
    } else if (typeof item === 'object' && item !== null) {
      pending.push({ container: item, trail: { key, up } });
    }
  };

  if (typeof value === 'string') {
    const flaw = flawOf(value);
    if (flaw) note(null, flaw);
  } else if (typeof value === 'object' && value !== null) {
    pending.push({ container: value, trail: null });
  }
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { container, trail } = next;
    if (Array.isArray(container)) {
      container.forEach((item, index) => visit(item, index, trail));
      continue;
    }
    for (const [key, item] of Object.entries(container)) {
      const keyFlaw = flawOf(key);
      if (keyFlaw) note({ key, up: trail }, `field name ${keyFlaw}`);
      visit(item, key, trail);
    }
  }
  return { named, count };
}
