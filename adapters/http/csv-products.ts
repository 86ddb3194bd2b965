import { parse } from 'csv-parse/sync';

/**
 * CSV import rows (header: sku,name,description,categoryId,brand,tags,priceCents,currency,
 * stock,imageUrl,status; tags separated by `|`) turned into the JSON row shape.
 */
export function csvToProductRows(text: string): { ok: true; rows: unknown[] } | { ok: false; message: string } {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : 'unreadable CSV' };
  }
  const optional = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  const number = (value: string | undefined) => (value === undefined || value === '' ? undefined : Number(value));
  return {
    ok: true,
    rows: records.map((r) => ({
      sku: r.sku,
      name: r.name,
      description: optional(r.description),
      categoryId: optional(r.categoryId),
      brand: optional(r.brand),
      tags: r.tags ? r.tags.split('|').map((t) => t.trim()).filter(Boolean) : undefined,
      price: { amountCents: number(r.priceCents), currency: r.currency },
      stock: number(r.stock),
      imageUrl: optional(r.imageUrl),
      status: optional(r.status),
    })),
  };
}
