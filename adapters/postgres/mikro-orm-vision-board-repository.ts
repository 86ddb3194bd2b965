import type { EntityManager } from '@mikro-orm/postgresql';
import type { VisionBoardRepository } from '../../application/ports/vision-board-repository';
import { SECTION_SOURCES, type BoardProduct, type SectionSource, type VisionBoard, type VisionBoardSection } from '../../domain/vision-boards/vision-board';
import { VisionBoardSchema, type VisionBoardRow } from './schemas/vision-board-schema';

export class MikroOrmVisionBoardRepository implements VisionBoardRepository {
  constructor(private readonly em: EntityManager) {}

  async save(board: VisionBoard): Promise<void> {
    await this.em.upsert(VisionBoardSchema, {
      id: board.id,
      companyId: board.companyId,
      userId: board.userId,
      title: board.title,
      sections: board.sections.map(sectionDocument),
      createdAt: board.createdAt,
    });
  }

  async byId(companyId: string, id: string): Promise<VisionBoard | null> {
    const row = await this.em.findOne(VisionBoardSchema, { id, companyId });
    return row ? toBoard(row) : null;
  }
}

// The document keeps exactly the domain's fields, named as the domain names them.
const sectionDocument = (s: VisionBoardSection): VisionBoardSection => ({
  heading: s.heading,
  dimension: s.dimension,
  value: s.value,
  weight: s.weight,
  source: s.source,
  products: s.products.map((p) => ({
    productId: p.productId,
    name: p.name,
    brand: p.brand,
    price: { amountCents: p.price.amountCents, currency: p.price.currency },
    imageUrl: p.imageUrl,
  })),
});

type Json = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const source = (value: unknown): SectionSource => (SECTION_SOURCES.find((s) => s === value) ?? 'explicit');

function toProduct(json: Json): BoardProduct {
  const price = (json.price ?? {}) as Json;
  return {
    productId: text(json.productId),
    name: text(json.name),
    brand: textOrNull(json.brand),
    price: { amountCents: Number(price.amountCents), currency: text(price.currency) },
    imageUrl: textOrNull(json.imageUrl),
  };
}

function toSection(json: Json): VisionBoardSection {
  return {
    heading: text(json.heading),
    dimension: text(json.dimension),
    value: text(json.value),
    weight: Number(json.weight),
    source: source(json.source),
    products: (Array.isArray(json.products) ? (json.products as Json[]) : []).map(toProduct),
  };
}

const toBoard = (row: VisionBoardRow): VisionBoard => ({
  id: row.id,
  companyId: row.companyId,
  userId: row.userId,
  title: row.title,
  sections: (Array.isArray(row.sections) ? (row.sections as Json[]) : []).map(toSection),
  createdAt: row.createdAt,
});
