// CSV import rows (SPEC §3.2) turned into the JSON row shape, so both formats are validated
// by the same schema. Header: sku,name,description,categoryId,brand,tags,priceCents,currency,
// stock,imageUrl,status (any order; tags separated by `|`); empty cells mean "absent".
import { parse } from 'csv-parse/sync';

export const CSV_COLUMNS = [
  'sku', 'name', 'description', 'categoryId', 'brand', 'tags', 'priceCents', 'currency', 'stock', 'imageUrl', 'status',
] as const;
export const CSV_REQUIRED_COLUMNS = ['sku', 'name', 'priceCents', 'currency', 'stock'] as const;
const REQUIRED: readonly string[] = CSV_REQUIRED_COLUMNS;

export type CsvRows = { ok: true; rows: unknown[] } | { ok: false; message: string };

export function csvToProductRows(text: string): CsvRows {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: false });
  } catch (error) {
    return { ok: false, message: `unreadable CSV: ${error instanceof Error ? error.message : String(error)}` };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, message: 'the CSV is empty; send a header row and at least one row' };
  const unknown = header.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (unknown.length || missing.length || new Set(header).size !== header.length) {
    return { ok: false, message: `header must name distinct columns among ${CSV_COLUMNS.join(',')} including ${REQUIRED.join(',')}` };
  }
  const optional = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  const number = (value: string | undefined) => (value === undefined || value === '' ? undefined : Number(value));
  return {
    ok: true,
    rows: body.map((cells) => {
      const r = Object.fromEntries(header.map((column, i) => [column, cells[i]])) as Partial<Record<(typeof CSV_COLUMNS)[number], string>>;
      return {
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
      };
    }),
  };
}
