// Hostile text (tests/support/hostile-text.ts) in every column a user controls, on every
// repository: it reads back exactly as stored, and as an id or key that is not there it finds
// nothing (null, empty, false), never a row and never an exception. Every not-found lookup runs
// in a company that holds data, so a WHERE clause broken by the value would have returned some.
import { expect, it } from 'vitest';
import type { Repositories, Transaction } from '../../application/ports/unit-of-work';
import type { Category } from '../../domain/catalog/category';
import type { Product } from '../../domain/catalog/product';
import { searchQuery } from '../../domain/catalog/product-rules';
import type { ApiKey } from '../../domain/identity/api-key';
import type { PasswordReset } from '../../domain/identity/password-reset';
import type { RefreshToken } from '../../domain/identity/refresh-token';
import type { User } from '../../domain/identity/user';
import type { Interest } from '../../domain/interests/interest';
import type { WatchlistItem } from '../../domain/interests/watchlist-item';
import type { Order } from '../../domain/orders/order';
import { byCodePoint } from '../../domain/shared/code-point-order';
import type { Page, PageRequest } from '../../domain/shared/page';
import { ok } from '../../domain/shared/result';
import type { VisionBoard } from '../../domain/vision-boards/vision-board';
import { HOSTILE_TEXTS, label } from '../support/hostile-text';
import { walkPages } from '../support/keyset-pages';
import { aProduct } from '../support/products';
import type { StoreGetter } from '../support/stores';
import { uniqueId, uniqueSlug } from '../support/unique';

/** Distinct instants, so every list has one order on every store whatever its collation. */
const moment = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n, 123));
const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });
const sortedById = <T extends { readonly id: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => byCodePoint(a.id, b.id));

/** Every item of a paged list, following cursors to the end. */
async function allPages<T>(list: (page: PageRequest) => Promise<Page<T>>, limit: number): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** A product holding `text` in every field a user writes (the store checks none of them). */
const hostileProduct = (companyId: string, text: string, n: number): Product =>
  aProduct(companyId, {
    sku: text, name: text, description: text, categoryId: text, brand: text, tags: [text], attributes: { [text]: text },
    imageUrl: text, createdAt: moment(n), updatedAt: moment(n),
  });

/** What the autocomplete use case sends to the store for what a person typed. */
const autocompletePrefix = (typed: string): string => typed.trim().toLowerCase().replace(/\s+/g, ' ');

export function hostileTextContract(store: StoreGetter): void {
  /** Runs `work` in a committed transaction and answers what it returned. */
  const write = async <T>(work: (tx: Transaction) => Promise<T>): Promise<T> => {
    const result = await store().uow.run(async (tx) => ok(await work(tx)));
    if (!result.ok) throw new Error('unreachable: the work never fails');
    return result.value;
  };
  const read = <T>(work: (repos: Repositories) => Promise<T>): Promise<T> => store().uow.read(work);
  /** Adds each item in one transaction, in order, and answers what each add said. */
  const addEach = <T>(items: readonly T[], add: (tx: Transaction, item: T) => Promise<boolean>): Promise<boolean[]> =>
    write(async (tx) => {
      const answers: boolean[] = [];
      for (const item of items) answers.push(await add(tx, item));
      return answers;
    });

  it('stores companies named and slugged with hostile text, and finds none by a hostile id or slug', async () => {
    const plain = { id: uniqueId(), name: 'Plain', slug: uniqueSlug(), createdAt: moment(0) };
    expect(await write((tx) => tx.companies.add(plain))).toBe(true);
    // Slugs are unique across the platform: the lookups of absent ones come before the adds.
    await read(async (r) => {
      for (const text of HOSTILE_TEXTS) {
        expect(await r.companies.byId(text), label(text)).toBeNull();
        expect(await r.companies.bySlug(text), label(text)).toBeNull();
      }
    });
    const companies = HOSTILE_TEXTS.map((text, i) => ({ id: uniqueId(), name: text, slug: text, createdAt: moment(i + 1) }));
    const added = await addEach(companies, (tx, c) => tx.companies.add(c));
    expect(added).toEqual(companies.map(() => true));
    await read(async (r) => {
      for (const c of companies) {
        expect(await r.companies.byId(c.id), label(c.name)).toEqual(c);
        expect(await r.companies.bySlug(c.slug), label(c.slug)).toEqual(c);
      }
      expect(await r.companies.allIds()).toEqual(expect.arrayContaining([plain.id, ...companies.map((c) => c.id)]));
    });
  });

  it('stores users with hostile emails and names, lists them, and finds or removes none by a hostile id or email', async () => {
    const companyId = uniqueId();
    const user = (email: string, displayName: string, n: number): User => ({
      id: uniqueId(), companyId, email, displayName, role: 'customer', passwordHash: 'scrypt$1024$8$1$salt$key', createdAt: moment(n), updatedAt: moment(n),
    });
    const plain = user('plain@x.test', 'Plain', 0);
    await write((tx) => tx.users.add(plain));
    await read(async (r) => {
      for (const text of HOSTILE_TEXTS) {
        expect(await r.users.byId(companyId, text), label(text)).toBeNull();
        expect(await r.users.byEmail(companyId, text.toLowerCase()), label(text)).toBeNull();
      }
    });
    await write(async (tx) => {
      for (const text of HOSTILE_TEXTS) await tx.users.remove(companyId, text);
    });
    // Emails are stored lower-cased (the port's precondition); display names as typed.
    const users = HOSTILE_TEXTS.map((text, i) => user(text.toLowerCase(), text, i + 1));
    const added = await addEach(users, (tx, u) => tx.users.add(u));
    expect(added).toEqual(users.map(() => true));
    await read(async (r) => {
      for (const u of users) {
        expect(await r.users.byId(companyId, u.id), label(u.displayName)).toEqual(u);
        expect(await r.users.byEmail(companyId, u.email), label(u.email)).toEqual(u);
      }
      expect(await allPages((page) => r.users.list(companyId, page), 7)).toEqual([plain, ...users]);
      expect(await r.users.countWithRole(companyId, 'customer')).toBe(users.length + 1);
    });
  });

  it('stores API keys with hostile names, and finds none by a hostile id or secret hash', async () => {
    const companyId = uniqueId();
    const key = (name: string, n: number): ApiKey => ({
      id: uniqueId(), companyId, name, prefix: 'cgk_abcdef', secretHash: uniqueId(), createdBy: uniqueId(), createdAt: moment(n), revokedAt: null,
    });
    const keys = HOSTILE_TEXTS.map((text, i) => key(text, i));
    await write(async (tx) => {
      for (const k of keys) await tx.apiKeys.save(k);
    });
    await read(async (r) => {
      for (const k of keys) expect(await r.apiKeys.byId(companyId, k.id), label(k.name)).toEqual(k);
      expect(await r.apiKeys.list(companyId, { limit: 100 })).toEqual({ items: [...keys].reverse(), nextCursor: null });
      for (const text of HOSTILE_TEXTS) {
        expect(await r.apiKeys.byId(companyId, text), label(text)).toBeNull();
        expect(await r.apiKeys.bySecretHash(text), label(text)).toBeNull();
      }
    });
  });

  it('finds no refresh token or password reset by a hostile hash or id, and revokes nothing for a hostile family or user', async () => {
    const companyId = uniqueId();
    const userId = uniqueId();
    const token: RefreshToken = {
      id: uniqueId(), companyId, userId, familyId: uniqueId(), tokenHash: uniqueId(), expiresAt: moment(3600), spentAt: null, revokedAt: null, createdAt: moment(0),
    };
    const reset: PasswordReset = { id: uniqueId(), companyId, userId, tokenHash: uniqueId(), expiresAt: moment(3600), usedAt: null, createdAt: moment(0) };
    await write(async (tx) => {
      await tx.refreshTokens.save(token);
      await tx.passwordResets.save(reset);
    });
    await read(async (r) => {
      for (const text of HOSTILE_TEXTS) {
        expect(await r.refreshTokens.byHash(text), label(text)).toBeNull();
        expect(await r.passwordResets.byHash(text), label(text)).toBeNull();
      }
    });
    const changed = await write(async (tx) => {
      const answers: boolean[] = [];
      for (const text of HOSTILE_TEXTS) {
        answers.push(await tx.refreshTokens.spend(text, moment(60)), await tx.passwordResets.markUsed(text, moment(60)));
        await tx.refreshTokens.revokeFamily(text, moment(60));
        await tx.refreshTokens.revokeAllOfUser(companyId, text, moment(60));
      }
      return answers;
    });
    expect(changed.filter(Boolean)).toEqual([]);
    expect(await read((r) => r.refreshTokens.byHash(token.tokenHash))).toEqual(token);
    expect(await read((r) => r.passwordResets.byHash(reset.tokenHash))).toEqual(reset);
  });

  it('stores categories with hostile names, pages through them, and finds, counts or removes none by a hostile id', async () => {
    const companyId = uniqueId();
    const category = (name: string, n: number): Category => ({ id: uniqueId(), companyId, name, parentId: null, createdAt: moment(n) });
    const plain = category('Plain', 0);
    await write((tx) => tx.categories.save(plain));
    await read(async (r) => {
      for (const text of HOSTILE_TEXTS) {
        expect(await r.categories.byId(companyId, text), label(text)).toBeNull();
        expect(await r.categories.hasChildren(companyId, text), label(text)).toBe(false);
        expect(await r.categories.nameTaken(companyId, text, plain.name), label(text)).toBe(false);
        expect(await r.categories.nameTaken(companyId, null, text), label(text)).toBe(false);
      }
    });
    await write(async (tx) => {
      for (const text of HOSTILE_TEXTS) await tx.categories.remove(companyId, text);
    });
    const categories = HOSTILE_TEXTS.map((text, i) => category(text, i + 1));
    await write(async (tx) => {
      for (const c of categories) await tx.categories.save(c);
    });
    const everyOne = sortedById([plain, ...categories]);
    await read(async (r) => {
      for (const c of categories) {
        expect(await r.categories.byId(companyId, c.id), label(c.name)).toEqual(c);
        expect(await r.categories.nameTaken(companyId, null, c.name), label(c.name)).toBe(true);
        expect(await r.categories.nameTaken(companyId, null, c.name, c.id), label(c.name)).toBe(false);
        expect(await r.categories.nameTaken(companyId, plain.id, c.name), label(c.name)).toBe(false);
      }
      // Name order is the collation's (memory and PostgreSQL differ on punctuation), so only
      // membership is compared; the walk must still serve each category exactly once.
      expect(sortedById(await r.categories.all(companyId))).toEqual(everyOne);
      expect(sortedById(await allPages((page) => r.categories.list(companyId, page), 5))).toEqual(everyOne);
    });
  });

  it('stores products with hostile text in every field, and finds each by id, sku, filters, newest and scan', async () => {
    const companyId = uniqueId();
    const products = HOSTILE_TEXTS.map((text, i) => hostileProduct(companyId, text, i));
    // One product carries every value at once: JSON arrays and objects of many hostile strings.
    const every = aProduct(companyId, {
      sku: 'EVERY', name: 'Every value', tags: [...HOSTILE_TEXTS], attributes: Object.fromEntries(HOSTILE_TEXTS.map((t) => [t, t])), createdAt: moment(-1),
    });
    // The same texts in another company: no lookup may reach them.
    const foreign = HOSTILE_TEXTS.map((text, i) => hostileProduct(uniqueId(), text, i));
    expect(await write((tx) => tx.products.saveMany([...products, every]))).toBe(true);
    expect(await write((tx) => tx.products.saveMany(foreign))).toBe(true);
    const all = sortedById([...products, every]);
    await read(async (r) => {
      const filtered = async (filter: { brand?: string; tag?: string; categoryId?: string }) =>
        sortedById((await r.products.search({ companyId, statuses: ['active'], sort: 'newest', page: { limit: 100 }, ...filter })).items);
      for (const p of products) {
        const text = p.name;
        expect(await r.products.byId(companyId, p.id), label(text)).toEqual(p);
        expect(await r.products.bySku(companyId, text), label(text)).toEqual(p);
        expect(await filtered({ brand: text }), label(text)).toEqual([p]);
        expect(await filtered({ categoryId: text }), label(text)).toEqual([p]);
        expect(await filtered({ tag: text }), label(text)).toEqual(sortedById([p, every]));
        expect(await r.products.countInCategory(companyId, text), label(text)).toBe(1);
      }
      expect(await r.products.byId(companyId, every.id)).toEqual(every);
      expect(sortedById(await r.products.byIds(companyId, all.map((p) => p.id)))).toEqual(all);
      expect(sortedById(await r.products.bySkus(companyId, HOSTILE_TEXTS))).toEqual(sortedById(products));
      expect(sortedById((await r.products.newest(companyId, { limit: 100 })).items)).toEqual(all);
      expect(await r.products.scan(companyId, null, 100)).toEqual(all);
    });
  });

  it('finds no product by a hostile id or sku, and moves no stock or sales counter for one', async () => {
    const companyId = uniqueId();
    const plain = aProduct(companyId, { stock: 5, categoryId: 'plain', brand: 'Plain', tags: ['plain'] });
    await write((tx) => tx.products.save(plain));
    await read(async (r) => {
      for (const text of HOSTILE_TEXTS) {
        expect(await r.products.byId(companyId, text), label(text)).toBeNull();
        expect(await r.products.bySku(companyId, text), label(text)).toBeNull();
        expect(await r.products.countInCategory(companyId, text), label(text)).toBe(0);
        for (const filter of [{ brand: text }, { tag: text }, { categoryId: text }]) {
          const page = await r.products.search({ companyId, statuses: ['active'], sort: 'newest', page: { limit: 10 }, ...filter });
          expect(page, label(text)).toEqual({ items: [], nextCursor: null });
        }
      }
      expect(await r.products.byIds(companyId, HOSTILE_TEXTS)).toEqual([]);
      expect(await r.products.bySkus(companyId, HOSTILE_TEXTS)).toEqual([]);
    });
    const lines = HOSTILE_TEXTS.map((productId) => ({ productId, quantity: 1 }));
    const taken = await write(async (tx) => {
      const answers: boolean[] = [];
      for (const line of lines) answers.push(await tx.products.takeStock(companyId, [line]));
      await tx.products.returnStock(companyId, lines);
      await tx.products.countSales(companyId, lines, 1);
      return answers;
    });
    expect(taken.filter(Boolean)).toEqual([]);
    expect(await read((r) => r.products.byId(companyId, plain.id))).toEqual(plain);
  });

  it('answers a search or an autocomplete for hostile text with real products of the company only', async () => {
    const companyId = uniqueId();
    const products = HOSTILE_TEXTS.map((text, i) => hostileProduct(companyId, text, i));
    await write((tx) => tx.products.saveMany(products));
    await write((tx) => tx.products.saveMany(HOSTILE_TEXTS.map((text, i) => hostileProduct(uniqueId(), text, i))));
    const saved = new Map(products.map((p) => [p.id, p]));
    await read(async (r) => {
      for (const text of HOSTILE_TEXTS) {
        // The raw text as well as the words the use case would send: a store must survive both.
        for (const q of new Set([text, searchQuery(text) ?? text])) {
          const page = await r.products.search({ companyId, q, statuses: ['active'], sort: 'relevance', page: { limit: 100 } });
          for (const item of page.items) expect(item, label(q)).toEqual(saved.get(item.id));
        }
        for (const prefix of new Set([text, autocompletePrefix(text)])) {
          const hits = await r.products.autocomplete(companyId, prefix, 100);
          for (const hit of hits) expect(hit, label(prefix)).toEqual({ id: hit.id, name: saved.get(hit.id)?.name });
        }
      }
      // LIKE wildcards and escapes in the prefix match themselves: a name that starts with the
      // prefix is always among the hits.
      for (const p of products.filter((p) => autocompletePrefix(p.name) === p.name)) {
        expect(await r.products.autocomplete(companyId, p.name, 100), label(p.name)).toContainEqual({ id: p.id, name: p.name });
      }
    });
  });

  it('keeps no price history for a hostile product id', async () => {
    const companyId = uniqueId();
    const point = { id: uniqueId(), companyId, productId: uniqueId(), price: eur(1000), at: moment(0) };
    await write((tx) => tx.prices.add(point));
    await read(async (r) => {
      for (const text of HOSTILE_TEXTS) expect(await r.prices.forProduct(companyId, text, {}, { limit: 10 }), label(text)).toEqual({ items: [], nextCursor: null });
      expect(await r.prices.lastBefore(companyId, HOSTILE_TEXTS, moment(60))).toEqual([]);
      expect(await r.prices.lastBefore(companyId, [...HOSTILE_TEXTS, point.productId], moment(60))).toEqual([point]);
    });
  });

  it('finds no order, purchase or list entry for a hostile order, user or product id', async () => {
    const companyId = uniqueId();
    const userId = uniqueId();
    const order: Order = {
      id: uniqueId(), companyId, userId, items: [{ productId: uniqueId(), quantity: 2, unitPrice: eur(500) }], total: eur(1000),
      status: 'paid', placedAt: moment(0), history: [{ status: 'placed', at: moment(0) }, { status: 'paid', at: moment(1) }],
    };
    await write((tx) => tx.orders.save(order));
    await read(async (r) => {
      for (const text of HOSTILE_TEXTS) {
        expect(await r.orders.byId(companyId, text), label(text)).toBeNull();
        expect(await r.orders.list({ companyId, userId: text, page: { limit: 10 } }), label(text)).toEqual({ items: [], nextCursor: null });
        expect(await r.orders.purchasesOf(companyId, text), label(text)).toEqual([]);
      }
      expect(await r.orders.purchasesOf(companyId, userId, HOSTILE_TEXTS)).toEqual([]);
      expect(await r.orders.byId(companyId, order.id)).toEqual(order);
    });
    const locked = await write(async (tx) => {
      const found: (Order | null)[] = [];
      for (const text of HOSTILE_TEXTS) found.push(await tx.orders.lockById(companyId, text));
      return found;
    });
    expect(locked.filter((o) => o !== null)).toEqual([]);
  });

  it('stores interests with hostile dimensions and values, and finds none for a hostile user id', async () => {
    const companyId = uniqueId();
    const userId = uniqueId();
    // Falling weights, exact in binary: the stored order is the list's order on every store.
    const interests: Interest[] = HOSTILE_TEXTS.map((text, i) => ({
      dimension: text, value: text, weight: (HOSTILE_TEXTS.length - i) / 64, source: 'explicit', updatedAt: moment(i),
    }));
    await write((tx) => tx.interests.replace(companyId, userId, 'explicit', interests));
    await write(async (tx) => {
      for (const text of HOSTILE_TEXTS) {
        await tx.interests.lock(companyId, text);
        await tx.interests.replace(companyId, text, 'inferred', []);
      }
    });
    await read(async (r) => {
      expect(await r.interests.forUser(companyId, userId)).toEqual(interests);
      expect(await r.interests.scanUsers(companyId, null, 10)).toEqual([{ userId, interests }]);
      for (const text of HOSTILE_TEXTS) expect(await r.interests.forUser(companyId, text), label(text)).toEqual([]);
    });
  });

  it('watches hostile product ids, and removes nothing for a hostile user or product id', async () => {
    const companyId = uniqueId();
    const userId = uniqueId();
    const items: WatchlistItem[] = HOSTILE_TEXTS.map((productId, i) => ({ companyId, userId, productId, targetPrice: i % 2 ? eur(i) : null, addedAt: moment(i), referencePrice: i % 2 ? null : eur(i) }));
    await write(async (tx) => {
      for (const item of items) await tx.watchlist.save(item);
    });
    const removed = await write(async (tx) => {
      const answers: boolean[] = [];
      for (const text of HOSTILE_TEXTS) answers.push(await tx.watchlist.remove(companyId, text, text), await tx.watchlist.remove(companyId, uniqueId(), text));
      return answers;
    });
    expect(removed.filter(Boolean)).toEqual([]);
    await read(async (r) => {
      expect(await r.watchlist.forUser(companyId, userId)).toEqual([...items].reverse());
      for (const text of HOSTILE_TEXTS) expect(await r.watchlist.forUser(companyId, text), label(text)).toEqual([]);
      // Cursors carry the hostile ids back to the store as keys.
      expect(await walkPages(1, (cursor) => r.watchlist.list(companyId, userId, { limit: 1, cursor }))).toEqual([...items].reverse());
    });
  });

  it('keeps keys apart whose parts join to the same text', async () => {
    // (user `u`, product `a/b`) and (user `u/a`, product `b`) are two entries, whatever
    // separator an adapter might join a composite key with; likewise companies and users.
    const companyId = uniqueId();
    const u = uniqueId();
    const watched = (userId: string, productId: string): WatchlistItem => ({ companyId, userId, productId, targetPrice: null, addedAt: moment(0), referencePrice: null });
    await write((tx) => tx.watchlist.save(watched(u, '/*')));
    expect(await write((tx) => tx.watchlist.remove(companyId, `${u}/`, '*'))).toBe(false);
    await write((tx) => tx.watchlist.save(watched(`${u}/`, '*')));
    const interest = (value: string): Interest => ({ dimension: 'brand', value, weight: 0.5, source: 'explicit', updatedAt: moment(0) });
    await write((tx) => tx.interests.replace(companyId, `${u}/x`, 'explicit', [interest('first')]));
    await write((tx) => tx.interests.replace(`${companyId}/${u}`, 'x', 'explicit', [interest('second')]));
    await read(async (r) => {
      expect(await r.watchlist.forUser(companyId, u)).toEqual([watched(u, '/*')]);
      expect(await r.watchlist.forUser(companyId, `${u}/`)).toEqual([watched(`${u}/`, '*')]);
      expect(await r.interests.forUser(companyId, `${u}/x`)).toEqual([interest('first')]);
      expect(await r.interests.forUser(`${companyId}/${u}`, 'x')).toEqual([interest('second')]);
    });
  });

  it('stores vision boards with hostile titles and snapshot text, and finds none by a hostile id', async () => {
    const companyId = uniqueId();
    const boards: VisionBoard[] = HOSTILE_TEXTS.map((text, i) => ({
      id: uniqueId(), companyId, userId: uniqueId(), title: text, createdAt: moment(i),
      sections: [{
        heading: text, dimension: text, value: text, weight: 0.5, source: 'inferred',
        products: [{ productId: text, name: text, brand: text, price: eur(100), imageUrl: text }],
      }],
    }));
    await write(async (tx) => {
      for (const board of boards) await tx.visionBoards.save(board);
    });
    await read(async (r) => {
      for (const board of boards) expect(await r.visionBoards.byId(companyId, board.id), label(board.title)).toEqual(board);
      for (const text of HOSTILE_TEXTS) expect(await r.visionBoards.byId(companyId, text), label(text)).toBeNull();
    });
  });
}
