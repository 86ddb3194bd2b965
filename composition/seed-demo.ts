// `npm run cli -- seed-demo`: a demo company filled through the public API, so the demo
// data obeys every rule a frontend's data would (validation, events, stock).
import { SingleBar, Presets } from 'cli-progress';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { createApp } from './app';
import type { Config } from './config';
import { resolveJwtSecret } from './jwt-secret';

export interface SeedSize {
  readonly products: number;
  readonly customers: number;
}

const CATEGORIES = ['Shoes', 'Jackets', 'Bags', 'Knitwear', 'Accessories', 'Home', 'Outdoor', 'Kids'];
const BRANDS = ['Northwind', 'Fjordline', 'Atelier Nine', 'Kettle & Co', 'Marlow', 'Sundial'];
const ADJECTIVES = ['classic', 'lightweight', 'waterproof', 'organic', 'vintage', 'merino', 'recycled', 'linen'];
const COLORS = ['black', 'navy', 'sand', 'olive', 'rust', 'cream', 'grey', 'teal'];
const STYLES = ['minimal', 'outdoor', 'street', 'formal', 'cosy'];
const NOUNS: Record<string, string[]> = {
  Shoes: ['sneaker', 'boot', 'loafer', 'sandal'],
  Jackets: ['parka', 'blazer', 'rain jacket', 'gilet'],
  Bags: ['tote', 'backpack', 'weekender', 'crossbody'],
  Knitwear: ['jumper', 'cardigan', 'beanie', 'scarf'],
  Accessories: ['belt', 'wallet', 'sunglasses', 'watch strap'],
  Home: ['throw', 'mug', 'candle', 'cushion'],
  Outdoor: ['tent', 'flask', 'headlamp', 'trekking pole'],
  Kids: ['raincoat', 'wellies', 'mittens', 'hoodie'],
};

const pick = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;

export async function seedDemo(config: Config, logger: Logger, size: SeedSize): Promise<void> {
  const app = await createApp({ config, store: 'database', jwtSecret: await resolveJwtSecret(config, logger), logger });
  const port = await app.listen(0);
  const api = client(`http://127.0.0.1:${port}/api/v1`);
  const bar = new SingleBar({ format: '{step} [{bar}] {value}/{total}' }, Presets.shades_classic);
  try {
    const slug = `demo-${randomBytes(3).toString('hex')}`;
    const password = 'demo-password';
    const owner = await api<{ tokens: { accessToken: string } }>('POST', '/companies', {
      name: 'Demo Outfitters', slug,
      owner: { email: `owner@${slug}.demo`, password, displayName: 'Demo Owner' },
    });
    const token: string = owner.tokens.accessToken;

    bar.start(CATEGORIES.length, 0, { step: 'categories' });
    const categoryIds: Record<string, string> = {};
    for (const name of CATEGORIES) {
      categoryIds[name] = (await api<{ id: string }>('POST', '/categories', { name, parentId: null }, token)).id;
      bar.increment();
    }

    bar.start(size.products, 0, { step: 'products  ' });
    for (let start = 0; start < size.products; start += 250) {
      const rows = Array.from({ length: Math.min(250, size.products - start) }, (_, k) => demoProduct(start + k, categoryIds));
      await api('POST', '/products/import', rows, token);
      bar.update(start + rows.length);
    }
    const products: { id: string; categoryId: string; brand: string }[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { items: typeof products; nextCursor: string | null } = await api('GET', `/products?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, undefined, token);
      products.push(...page.items);
      cursor = page.nextCursor;
    }

    bar.start(size.customers, 0, { step: 'customers ' });
    let orders = 0;
    for (let c = 0; c < size.customers; c++) {
      const customer = await api<{ user: { id: string }; tokens: { accessToken: string } }>('POST', '/auth/signup', {
        companySlug: slug, email: `customer${c}@${slug}.demo`, password, displayName: `Customer ${c}`,
      });
      const customerToken: string = customer.tokens.accessToken;
      const favourite = pick(CATEGORIES, c * 3);
      await api('PUT', `/users/${customer.user.id}/interests`, {
        interests: [
          { dimension: 'category', value: favourite, weight: 0.9 },
          { dimension: 'style', value: pick(STYLES, c), weight: 0.6 },
          { dimension: 'color', value: pick(COLORS, c * 5), weight: 0.4 },
        ],
      }, customerToken);
      const liked = products.filter((p) => p.categoryId === categoryIds[favourite]);
      for (let o = 0; o < 1 + (c % 4); o++) {
        const lines = [pick(liked, c + o * 7), pick(products, c * 11 + o)].filter(Boolean);
        const items = [...new Set(lines.map((p) => p.id))].map((productId) => ({ productId, quantity: 1 + (o % 2) }));
        const order = await api<{ id: string }>('POST', '/orders', { items }, customerToken);
        orders++;
        for (const to of ['paid', 'shipped', 'delivered'].slice(0, (c + o) % 4)) {
          await api('POST', `/orders/${order.id}/transitions`, { to }, token);
        }
      }
      bar.increment();
    }
    bar.stop();
    console.log(`\nSeeded "${slug}": ${CATEGORIES.length} categories, ${size.products} products, ${size.customers} customers, ${orders} orders.`);
    console.log(`Log in: POST /api/v1/auth/login {"companySlug":"${slug}","email":"owner@${slug}.demo","password":"${password}"}`);
  } finally {
    bar.stop();
    await app.close();
  }
}

function demoProduct(i: number, categoryIds: Record<string, string>) {
  const category = pick(CATEGORIES, i);
  const noun = pick(NOUNS[category] ?? ['item'], Math.floor(i / CATEGORIES.length));
  const adjective = pick(ADJECTIVES, i * 3);
  const color = pick(COLORS, i * 7);
  return {
    sku: `DEMO-${String(i).padStart(5, '0')}`,
    name: `${adjective} ${color} ${noun}`.replace(/^./, (c) => c.toUpperCase()),
    description: `A ${adjective} ${noun} in ${color}, made to last.`,
    categoryId: categoryIds[category],
    brand: pick(BRANDS, i * 5),
    tags: [adjective, color, pick(STYLES, i)],
    attributes: { color, material: pick(['cotton', 'wool', 'leather', 'canvas', 'nylon'], i) },
    price: { amountCents: 1500 + ((i * 733) % 180) * 50, currency: 'EUR' },
    stock: 20 + ((i * 17) % 200),
    status: 'active',
  };
}

function client(base: string) {
  return async <T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<T> => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}
