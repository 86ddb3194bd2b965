// The data the fuzzer aims at: a home company with an owner, a staff member and a customer
// (one session each, reused: login is rate limited), categories, products, orders, keys, a
// board; spare "victim" rows for requests that delete or demote; and a second company whose
// ids must stay out of reach. Each company keeps the secret of an SDK key it never revokes.
import type { AnalyticsEventStore } from '../../application/ports/analytics-event-store';
import { TOKENS } from '../../composition/tokens';
import type { TestApp } from '../support/test-app';
import type { RawHttpClient } from './raw-http';

export type Role = 'anonymous' | 'customer' | 'staff' | 'owner';
export const ROLES: readonly Role[] = ['anonymous', 'customer', 'staff', 'owner'];
type Member = Exclude<Role, 'anonymous'>;

export const FUZZ_PASSWORD = 'correct horse battery staple';

/** Ids of one resource: `stable` ones later requests rely on, `victims` that may be deleted or changed at will. */
export interface Pool {
  readonly stable: string[];
  readonly victims: string[];
}

export type PoolName = 'products' | 'categories' | 'users' | 'orders' | 'apiKeys' | 'visionBoards' | 'rebuilds' | 'queues';

/** Pools that belong to the server, not to a company: the other company's entries are no foreign ids. */
export const SHARED_POOLS: ReadonlySet<PoolName> = new Set(['queues']);

export interface CompanyFixtures {
  readonly slug: string;
  readonly companyId: string;
  readonly tokens: Record<Member, string>;
  readonly emails: Record<Member, string>;
  readonly userIds: Record<Member, string>;
  readonly pools: Record<PoolName, Pool>;
  /** The secret of the company's kept SDK key (`X-Api-Key`), for operations secured by an API key. */
  readonly apiKeySecret: string;
  /** Field name → values worth sending in bodies and queries. */
  readonly known: Record<string, unknown[]>;
}

export interface World {
  readonly home: CompanyFixtures;
  readonly other: CompanyFixtures;
  /** A new session of the home company's `role`, for a request that may end it; null if login refused. */
  freshToken(role: Member): Promise<string | null>;
}

const API = '/api/v1';

class Setup {
  constructor(private readonly http: RawHttpClient) {}

  async expect(status: readonly number[], method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<any> {
    const res = await this.http.json(method, API + path, options);
    if (!status.includes(res.status)) {
      throw new Error(`Fuzz fixtures: ${method} ${path} answered ${res.status}, expected ${status.join('/')}: ${JSON.stringify(res.body).slice(0, 500)}`);
    }
    return res.body;
  }

  async login(slug: string, email: string): Promise<{ accessToken: string; refreshToken: string }> {
    const body = await this.expect([200], 'POST', '/auth/login', { body: { companySlug: slug, email, password: FUZZ_PASSWORD } });
    return body.tokens;
  }
}

async function company(setup: Setup, slug: string): Promise<CompanyFixtures> {
  const emails: Record<Member, string> = { owner: `owner@${slug}.test`, staff: `staff@${slug}.test`, customer: `customer@${slug}.test` };
  const registered = await setup.expect([201], 'POST', '/companies', {
    body: { name: `Fuzz ${slug}`, slug, owner: { email: emails.owner, password: FUZZ_PASSWORD, displayName: 'Owner' } },
  });
  const owner: string = registered.tokens.accessToken;
  const addUser = async (email: string, role: string) =>
    (await setup.expect([201], 'POST', '/users', { token: owner, body: { email, password: FUZZ_PASSWORD, displayName: role, role } })).id as string;
  const userIds: Record<Member, string> = { owner: registered.user.id, staff: await addUser(emails.staff, 'staff'), customer: await addUser(emails.customer, 'customer') };
  const victimUsers = [await addUser(`victim-customer@${slug}.test`, 'customer'), await addUser(`victim-staff@${slug}.test`, 'staff')];
  const loginTarget = `login-target@${slug}.test`;
  victimUsers.push(await addUser(loginTarget, 'customer'));
  const tokens: Record<Member, string> = {
    owner,
    staff: (await setup.login(slug, emails.staff)).accessToken,
    customer: (await setup.login(slug, emails.customer)).accessToken,
  };

  const category = async (name: string, parentId: string | null) =>
    (await setup.expect([201], 'POST', '/categories', { token: owner, body: { name, parentId } })).id as string;
  const root = await category('Kitchen', null);
  const child = await category('Mugs', root);
  const spareCategory = await category('Spare', null);

  const product = async (sku: string, fields: Record<string, unknown>) =>
    (await setup.expect([201], 'POST', '/products', {
      token: owner,
      body: { sku, name: `Fuzz ${sku}`, price: { amountCents: 1999, currency: 'EUR' }, stock: 1_000_000, ...fields },
    })).id as string;
  const mug = await product('FZ-1', { categoryId: child, brand: 'Acme', tags: ['mug', 'red'], attributes: { color: 'red' }, description: 'A red mug' });
  const plate = await product('FZ-2', { brand: 'Plates & Co', tags: ['plate'] });
  const draft = await product('FZ-3', { status: 'draft' });
  const spareProducts = [await product('FZ-V1', { categoryId: root }), await product('FZ-V2', {})];
  await setup.expect([200], 'PUT', `/products/${mug}/price`, { token: owner, body: { price: { amountCents: 1499, currency: 'EUR' } } });

  const order = async (productId: string) =>
    (await setup.expect([201], 'POST', '/orders', { token: tokens.customer, body: { items: [{ productId, quantity: 1 }] } })).id as string;
  const kept = await order(mug);
  const spareOrder = await order(plate);

  const apiKey = async (name: string) => (await setup.expect([201], 'POST', '/api-keys', { token: owner, body: { name } })) as { id: string; secret: string };
  // Only the spare is ever revoked (a DELETE targets victims), so the kept key's secret stays good.
  const keptKey = await apiKey('kept');
  const spareKey = (await apiKey('spare')).id;

  await setup.expect([200, 201], 'POST', '/users/me/watchlist', { token: tokens.customer, body: { productId: mug } });
  await setup.expect([200], 'PUT', `/users/${userIds.customer}/interests`, {
    token: tokens.customer,
    body: { interests: [{ dimension: 'brand', value: 'Acme', weight: 0.8 }] },
  });
  const board = (await setup.expect([201], 'POST', `/users/${userIds.customer}/vision-boards`, { token: tokens.customer, body: {} })).id as string;
  const rebuild = (await setup.expect([200, 202], 'POST', '/admin/graph/rebuild', { token: owner })).id as string;
  const system = await setup.expect([200], 'GET', '/admin/system', { token: owner });
  const queues = (system.consumers as { name: string }[]).map((consumer) => consumer.name);
  const targetSession = await setup.login(slug, loginTarget);

  const pools: Record<PoolName, Pool> = {
    products: { stable: [mug, plate, draft], victims: spareProducts },
    categories: { stable: [root, child], victims: [spareCategory] },
    users: { stable: [userIds.customer, userIds.staff, userIds.owner], victims: victimUsers },
    orders: { stable: [kept], victims: [spareOrder] },
    apiKeys: { stable: [keptKey.id], victims: [spareKey] },
    visionBoards: { stable: [board], victims: [] },
    rebuilds: { stable: [rebuild], victims: [] },
    queues: { stable: queues, victims: [] },
  };
  const known: Record<string, unknown[]> = {
    // Active products only: a draft cannot be ordered or watched, so valid requests would rarely succeed.
    productId: [mug, plate, ...spareProducts],
    // Not the spare: a product filed under it would keep every delete of it at 409.
    categoryId: [root, child],
    parentId: [root, child],
    userId: [userIds.customer, userIds.staff],
    companySlug: [slug],
    // Never the actors' emails: failed logins would rate-limit the sessions the fuzzer needs.
    email: [loginTarget, `nobody@${slug}.test`],
    password: [FUZZ_PASSWORD],
    newPassword: [FUZZ_PASSWORD],
    refreshToken: [targetSession.refreshToken],
    currency: ['EUR', 'USD'],
    queue: queues,
    brand: ['Acme', 'acme'],
    // A product tag filter and a cache tag (`DELETE /admin/cache?tag=`) share the name.
    tag: ['mug', 'all', 'search', `product:${mug}`, `recommendations:${userIds.customer}`],
    // SDK events: a timestamp the ingestion accepts (generated ones span 2000..2100, mostly
    // outside the retention window), and messageIds both companies send, so dedupe is per company.
    timestamp: [new Date().toISOString(), new Date(Date.now() - 3_600_000).toISOString()],
    messageId: Array.from({ length: 8 }, (_, i) => `fz-message-${i}`),
  };
  return { slug, companyId: registered.company.id, tokens, emails, userIds, pools, apiKeySecret: keptKey.secret, known };
}

/** Builds both companies; slugs carry the seed so a replay on a shared server does not collide. */
export async function buildWorld(http: RawHttpClient, seed: number): Promise<World> {
  const setup = new Setup(http);
  const tag = (seed >>> 0).toString(36);
  const home = await company(setup, `fuzz-home-${tag}`);
  const other = await company(setup, `fuzz-other-${tag}`);
  home.known.companySlug?.push(other.slug);
  return {
    home,
    other,
    async freshToken(role) {
      const res = await http.json('POST', `${API}/auth/login`, { body: { companySlug: home.slug, email: home.emails[role], password: FUZZ_PASSWORD } });
      return res.status === 200 ? (res.body.tokens.accessToken as string) : null;
    },
  };
}

/** Counts a company's stored SDK events in the app under test, for the fuzzer's tenant tally. */
export function storedEventsOf(app: TestApp): (companyId: string) => Promise<number> {
  return async (companyId) => {
    const store = app.app.container.get<AnalyticsEventStore>(TOKENS.AnalyticsStore);
    await store.drain();
    return store.count(companyId);
  };
}
