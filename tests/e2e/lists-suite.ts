// SPEC §2 lists over HTTP: the six lists that once answered without `nextCursor` (api keys,
// watchlist, price history, trending, deals, new arrivals) page by `limit` and `cursor`, each
// item once, and refuse a malformed cursor or one of another list with 400. Deals never carry a
// null dropPercent. Run by lists.test.ts (memory) and lists-pglite.test.ts.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, type Member } from '../support/builders';
import type { HttpResult } from '../support/http-client';
import { walkPages } from '../support/keyset-pages';
import { useTenantApp } from '../support/tenant-app';
import type { StoreKind } from '../support/test-databases';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

interface ListUnderTest {
  readonly name: string;
  readonly path: () => string;
  readonly token: () => string;
  /** How many items the scenario puts in the list. */
  readonly size: number;
  /** What tells two items apart. */
  readonly identity: (item: any) => string;
}

export function listsOverHttp(store: StoreKind): void {
  describe(`lists page by limit and cursor over HTTP [${store}]`, () => {
    const ctx = useTenantApp({ store }, 60_000);
    const { call } = ctx;
    let staff: Member;
    let customer: Member;
    let priced: { id: string };
    /** A real cursor of the interests list, keyed (weight, dimension, value, source): no other list's shape. */
    let interestsCursor: string;

    const get = (path: string, token: string, query: Record<string, string | number | undefined> = {}): Promise<HttpResult> => {
      const params = new URLSearchParams(Object.entries(query).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])));
      const sep = path.includes('?') ? '&' : '?';
      return call('GET', params.size ? `${path}${sep}${params}` : path, { token });
    };
    const ok = async (res: Promise<HttpResult>) => {
      const answer = await res;
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
      return answer.body;
    };
    const tick = () => ctx.app.clock.advance(1000);

    beforeAll(async () => {
      staff = await addMember(call, ctx.tenant, 'staff');
      customer = await addMember(call, ctx.tenant, 'customer');
      const owner = ctx.tenant.ownerToken;
      let n = 0;
      const product = (cents = 1000) =>
        ok(call('POST', '/api/v1/products', { token: staff.token, body: { sku: `L-${++n}`, name: `Listed ${n}`, price: eur(cents), stock: 100 } }));
      const setPrice = (id: string, cents: number) => ok(call('PUT', `/api/v1/products/${id}/price`, { token: staff.token, body: { price: eur(cents) } }));

      // Seven products, three of them created at the same instant (new arrivals tie on time).
      const products = [await product(), await product(), await product()];
      tick();
      products.push(await product(), await product());
      tick();
      products.push(await product(), await product());
      const [p1, p2, p3, p4, p5, p6, p7] = products as [{ id: string }, ...{ id: string }[]];

      // Five API keys, two created at once.
      for (const [i, name] of ['k1', 'k2', 'k3', 'k4', 'k5'].entries()) {
        if (i !== 2) tick();
        await ok(call('POST', '/api/v1/api-keys', { token: owner, body: { name } }));
      }

      // The customer watches five products, two at once.
      for (const [i, p] of [p1, p2, p3, p4, p5].entries()) {
        if (i !== 3) tick();
        await ok(call('POST', '/api/v1/users/me/watchlist', { token: customer.token, body: { productId: p!.id } }));
      }

      // p1 gets five new prices, two of them at the same instant: six points with its first.
      priced = p1;
      for (const [i, cents] of [900, 800, 850, 700, 750].entries()) {
        if (i !== 2) tick();
        await setPrice(p1.id, cents);
      }

      // Trending: units 5, 3, 3, 2, 1, and an archived best seller (9) that must not show.
      for (const [p, quantity] of [[p2, 3], [p3, 3], [p4, 2], [p5, 5], [p6, 1], [p7, 9]] as const) {
        const order = await ok(call('POST', '/api/v1/orders', { token: customer.token, body: { items: [{ productId: p!.id, quantity }] } }));
        await ok(call('POST', `/api/v1/orders/${order.id}/transitions`, { token: staff.token, body: { to: 'paid' } }));
      }
      await ok(call('DELETE', `/api/v1/products/${p7!.id}`, { token: staff.token }));

      // Deals: p2..p5 drop against their median, two by the same percentage; p1 already has.
      tick();
      for (const [p, cents] of [[p2, 600], [p3, 600], [p4, 800], [p5, 500]] as const) await setPrice(p!.id, cents);
      // Given away for most of the window: a zero median, no deal, never a null dropPercent.
      const free = await product(0);
      await setPrice(free.id, 500);
      await setPrice(free.id, 0);

      await ok(call('PUT', `/api/v1/users/${customer.id}/interests`, {
        token: customer.token,
        body: { interests: [{ dimension: 'color', value: 'red', weight: 0.9 }, { dimension: 'brand', value: 'Fjord', weight: 0.5 }] },
      }));
      interestsCursor = (await ok(get(`/api/v1/users/${customer.id}/interests`, customer.token, { limit: 1 }))).nextCursor;
      expect(interestsCursor).toEqual(expect.any(String));
      // Some fifty requests, on an embedded database too: more than the default hook time on a busy machine.
    }, 120_000);

    const LISTS: readonly ListUnderTest[] = [
      { name: 'GET /api-keys', path: () => '/api/v1/api-keys', token: () => ctx.tenant.ownerToken, size: 5, identity: (k) => k.id },
      { name: 'GET /users/me/watchlist', path: () => '/api/v1/users/me/watchlist', token: () => customer.token, size: 5, identity: (w) => w.productId },
      { name: 'GET /products/:id/price-history', path: () => `/api/v1/products/${priced.id}/price-history`, token: () => customer.token, size: 6, identity: (p) => `${p.at} ${p.price.amountCents}` },
      { name: 'GET /catalog/trending', path: () => '/api/v1/catalog/trending', token: () => customer.token, size: 5, identity: (t) => t.product.id },
      { name: 'GET /catalog/deals', path: () => '/api/v1/catalog/deals', token: () => customer.token, size: 5, identity: (d) => d.product.id },
      { name: 'GET /catalog/new-arrivals', path: () => '/api/v1/catalog/new-arrivals', token: () => customer.token, size: 7, identity: (p) => p.id },
    ];

    for (const list of LISTS) {
      it(`${list.name} serves every item once at limit 1 and 2, nextCursor null at the end`, async () => {
        const whole = await ok(get(list.path(), list.token(), { limit: 100 }));
        expect(whole.nextCursor).toBeNull();
        expect(whole.items).toHaveLength(list.size);
        expect(new Set(whole.items.map(list.identity)).size).toBe(list.size);
        expect(await ok(get(list.path(), list.token()))).toEqual(whole);
        for (const limit of [1, 2]) {
          const walked = await walkPages(limit, async (cursor) => ok(get(list.path(), list.token(), { limit, cursor })));
          expect(walked, `limit ${limit}`).toEqual(whole.items);
        }
      });

      it(`${list.name} refuses a malformed cursor, or one of another list, with 400 validation_failed`, async () => {
        const cursors = ['!!!', randomBytes(24).toString('base64url'), Buffer.from('{"after":1}').toString('base64url'), interestsCursor];
        for (const cursor of cursors) {
          const res = await get(list.path(), list.token(), { limit: 2, cursor });
          expect([res.status, res.body.error?.code, res.body.error?.details?.[0]?.path], cursor).toEqual([400, 'validation_failed', 'query.cursor']);
        }
        expect((await get(list.path(), list.token(), { limit: 0 })).status).toBe(400);
        expect((await get(list.path(), list.token(), { limit: 101 })).status).toBe(400);
      });
    }

    it('GET /users/:id/interests pages too, and refuses a cursor of another list', async () => {
      const path = `/api/v1/users/${customer.id}/interests`;
      const whole = await ok(get(path, customer.token));
      expect(whole.items.map((i: any) => i.value)).toEqual(['red', 'Fjord']);
      expect(await walkPages(1, async (cursor) => ok(get(path, customer.token, { limit: 1, cursor })))).toEqual(whole.items);
      const keysCursor = (await ok(get('/api/v1/api-keys', ctx.tenant.ownerToken, { limit: 1 }))).nextCursor;
      const res = await get(path, customer.token, { cursor: keysCursor });
      expect([res.status, res.body.error.details[0].path]).toEqual([400, 'query.cursor']);
    });

    it('ranks deals by a finite drop above 0, largest first, and never lists a product with a zero median', async () => {
      const deals = (await ok(get('/api/v1/catalog/deals', customer.token))).items;
      expect(deals.map((d: any) => d.product.sku)).not.toContain('L-8');
      for (const deal of deals) {
        expect(Number.isFinite(deal.dropPercent)).toBe(true);
        expect(deal.dropPercent).toBeGreaterThan(0);
      }
      const percents = deals.map((d: any) => d.dropPercent as number);
      expect(percents).toEqual([...percents].sort((a, b) => b - a));
    });

    it('ranks trending by units, ties by product id, without the archived best seller', async () => {
      const trending = (await ok(get('/api/v1/catalog/trending', customer.token))).items;
      expect(trending.map((t: any) => t.units)).toEqual([5, 3, 3, 2, 1]);
      const tied = trending.slice(1, 3).map((t: any) => t.product.id);
      expect(tied).toEqual([...tied].sort());
    });

    it('continues a walk after the last item served was removed', async () => {
      const path = '/api/v1/users/me/watchlist';
      const whole = (await ok(get(path, customer.token))).items;
      const first = await ok(get(path, customer.token, { limit: 2 }));
      const gone = first.items[1].productId;
      await ok(call('DELETE', `${path}/${gone}`, { token: customer.token }));
      const rest = await walkPages(2, async (cursor) => ok(get(path, customer.token, { limit: 2, cursor: cursor ?? first.nextCursor })));
      expect(rest).toEqual(whole.slice(2));
      await ok(call('POST', path, { token: customer.token, body: { productId: gone } }));
    });
  });
}
