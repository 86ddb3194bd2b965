// The SDK events bench/ingest sends: what a shop's client SDK emits (product views and adds,
// searches, checkouts, page views, identifies), 300-500 bytes of JSON each, with a distinct
// random messageId (a UUID, as the SDK makes them) and a timestamp within the last hour.
import { randomUUID } from 'node:crypto';

export interface SdkEvent {
  readonly messageId: string;
  readonly type: 'track' | 'identify' | 'page';
  readonly event?: string;
  readonly name?: string;
  readonly userId?: string;
  readonly anonymousId: string;
  readonly properties?: Record<string, unknown>;
  readonly traits?: Record<string, unknown>;
  /** ISO-8601. */
  readonly timestamp: string;
}

const TRACKED = ['Product Viewed', 'Product Added', 'Products Searched', 'Checkout Started', 'Order Completed'] as const;
const CATEGORIES = ['Shoes/Running', 'Shoes/Trail', 'Apparel/Jackets', 'Apparel/Base Layers', 'Accessories/Bags'];
const PAGES = ['Home', 'Category', 'Product', 'Cart', 'Checkout'];
const VISITORS = 5000;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const visitor = (n: number) => `anon-${hex((n * 2_654_435_761) % 2 ** 32, 8)}-${hex(n % VISITORS, 4)}`;

function product(n: number): Record<string, unknown> {
  const id = (n * 7919) % 20_000;
  return {
    product_id: `prod-${hex(id, 6)}`,
    sku: `SKU-${id}-${CATEGORIES[id % CATEGORIES.length]!.slice(0, 3).toUpperCase()}`,
    category: CATEGORIES[id % CATEGORIES.length],
    name: `Trail runner ${id % 97} (${['black', 'blue', 'sand', 'olive'][id % 4]})`,
    brand: `brand-${id % 40}`,
    price: 19.9 + (id % 180),
    currency: 'EUR',
    quantity: 1 + (n % 3),
    url: `https://shop.example.com/p/${hex(id, 6)}`,
  };
}

/** The `n`th event of a run, timestamped `ageMs` before `now`. */
export function sdkEvent(n: number, now: Date, ageMs: number): SdkEvent {
  const common = {
    messageId: randomUUID(),
    anonymousId: visitor(n),
    ...(n % 3 === 0 ? { userId: `user-${hex(n % VISITORS, 5)}` } : {}),
    timestamp: new Date(now.getTime() - ageMs).toISOString(),
  };
  switch (n % 10) {
    case 0:
      return {
        ...common, type: 'identify', userId: `user-${hex(n % VISITORS, 5)}`,
        traits: { email: `shopper${n % VISITORS}@example.com`, name: `Shopper ${n % VISITORS}`, plan: 'member', createdAt: '2026-03-14T09:26:53.000Z', locale: 'fr-FR', newsletter: n % 2 === 0 },
      };
    case 1:
    case 2: {
      const page = PAGES[n % PAGES.length]!;
      return {
        ...common, type: 'page', name: page,
        properties: { path: `/${page.toLowerCase()}/${n % 500}`, url: `https://shop.example.com/${page.toLowerCase()}/${n % 500}`, referrer: 'https://www.google.com/', title: `${page} | Example Shop`, search: '?utm_source=newsletter&utm_medium=email' },
      };
    }
    default: {
      const event = TRACKED[n % TRACKED.length]!;
      const properties = event === 'Products Searched' ? { query: `trail shoes size ${38 + (n % 10)}`, results: n % 120, sort: 'relevance' } : product(n);
      return { ...common, type: 'track', event, properties };
    }
  }
}

/**
 * `count` events from `first` on, in batches of `size`, spread over the last hour (never before
 * the start of `now`'s UTC month, so both paths write the same month partitions).
 */
export function sdkBatches(first: number, count: number, size: number, now: Date): SdkEvent[][] {
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const oldest = Math.min(60 * 60 * 1000, now.getTime() - monthStart);
  const batches: SdkEvent[][] = [];
  for (let start = first; start < first + count; start += size) {
    const end = Math.min(start + size, first + count);
    batches.push(Array.from({ length: end - start }, (_, k) => sdkEvent(start + k, now, ((start + k) * 7_919) % (oldest + 1))));
  }
  return batches;
}
