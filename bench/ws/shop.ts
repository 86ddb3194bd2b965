// bench/ws's HTTP side: a company, its customers signed up as a shop's customers would, and the
// watched product whose price the bench moves.
import { randomBytes } from 'node:crypto';
import { onLanes } from '../ingest/lanes';

const PASSWORD = 'bench-password';
export const TARGET_CENTS = 10_000;
/** Above the target (a re-arm) and at or below it (a drop). */
export const PRICE_ABOVE = { amountCents: 12_900, currency: 'EUR' } as const;
export const PRICE_BELOW = { amountCents: 9_900, currency: 'EUR' } as const;

interface Tokens {
  readonly accessToken: string;
}

async function call<T>(base: string, method: string, path: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export interface Company {
  readonly slug: string;
  /** The owner's access token: the owner may change prices. */
  readonly ownerToken: string;
}

export async function registerCompany(base: string): Promise<Company> {
  const slug = `bench-ws-${randomBytes(4).toString('hex')}`;
  const registered = await call<{ tokens: Tokens }>(base, 'POST', '/api/v1/companies', {
    name: 'Bench ws', slug, owner: { email: `owner@${slug}.test`, password: PASSWORD, displayName: 'Owner' },
  });
  return { slug, ownerToken: registered.tokens.accessToken };
}

/**
 * `count` customers (emails `<label>-<i>@…`) signed up through `POST /auth/signup`, `lanes` at a time; resolves with one
 * access token each. Each sign-up hashes a password with scrypt (about 70 ms of CPU), which
 * bounds how fast this goes.
 */
export async function signUpCustomers(base: string, company: Company, label: string, count: number, lanes: number): Promise<string[]> {
  const tokens: string[] = [];
  await onLanes(
    Array.from({ length: count }, (_, i) => async () => {
      const session = await call<{ tokens: Tokens }>(base, 'POST', '/api/v1/auth/signup', {
        companySlug: company.slug, email: `${label}-${i}@${company.slug}.test`, password: PASSWORD, displayName: `Customer ${i}`,
      });
      tokens.push(session.tokens.accessToken);
    }),
    lanes,
  );
  return tokens;
}

/** A product at PRICE_ABOVE, watched by the customer with the target TARGET_CENTS; resolves with its id. */
export async function watchedProduct(base: string, company: Company, customerToken: string): Promise<string> {
  const product = await call<{ id: string }>(base, 'POST', '/api/v1/products', {
    sku: `WS-${randomBytes(4).toString('hex')}`, name: 'Bench boot', price: PRICE_ABOVE, stock: 3,
  }, company.ownerToken);
  await call(base, 'POST', '/api/v1/users/me/watchlist', { productId: product.id, targetPrice: { amountCents: TARGET_CENTS, currency: 'EUR' } }, customerToken);
  return product.id;
}

/** `PUT /products/:id/price`; resolves when its 200 is read (the change is committed before the API answers). */
export async function setPrice(base: string, company: Company, productId: string, price: { amountCents: number; currency: string }): Promise<void> {
  await call(base, 'PUT', `/api/v1/products/${productId}/price`, { price }, company.ownerToken);
}

/** The caller's unread notifications, as the inbox counts them. */
export async function unreadCount(base: string, token: string): Promise<number> {
  const res = await fetch(`${base}/api/v1/users/me/notifications?unread=true&limit=1`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET /users/me/notifications: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { unreadCount: number }).unreadCount;
}

/** The API's own count of authenticated sockets and their users (`GET /admin/system`, owner). */
export async function realtimeStats(base: string, company: Company): Promise<{ sockets: number; users: number }> {
  const res = await fetch(`${base}/api/v1/admin/system`, { headers: { authorization: `Bearer ${company.ownerToken}` } });
  if (res.status !== 200) throw new Error(`GET /admin/system: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { realtime: { sockets: number; users: number } }).realtime;
}
