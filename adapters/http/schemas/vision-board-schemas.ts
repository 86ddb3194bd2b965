import { z } from 'zod';
import { BOARD_TITLE_MAX, MAX_PRODUCTS_PER_SECTION, MAX_SECTIONS, SECTION_SOURCES, type VisionBoard } from '../../../domain/vision-boards/vision-board';
import { API_PREFIX } from '../openapi';
import { MoneySchema, iso } from './common';

export const VisionBoardIdParams = z.strictObject({ id: z.string().min(1).max(200) });

/** Everything optional: `POST` with no body builds the usual board. */
export const VisionBoardBody = z
  .strictObject({
    title: z.string().trim().min(1).max(BOARD_TITLE_MAX).optional(),
    sections: z.number().int().min(1).max(MAX_SECTIONS).optional(),
    productsPerSection: z.number().int().min(1).max(MAX_PRODUCTS_PER_SECTION).optional(),
  })
  .meta({ id: 'VisionBoardRequest' })
  .optional();

export const BoardProductOut = z.object({
  productId: z.string(),
  name: z.string(),
  brand: z.string().nullable(),
  price: MoneySchema,
  imageUrl: z.string().nullable(),
}).meta({ id: 'VisionBoardProduct' });

export const VisionBoardSectionOut = z.object({
  heading: z.string(),
  dimension: z.string(),
  value: z.string(),
  weight: z.number(),
  source: z.enum(SECTION_SOURCES),
  products: z.array(BoardProductOut),
}).meta({ id: 'VisionBoardSection' });

export const VisionBoardOut = z.object({
  id: z.string(),
  userId: z.string(),
  title: z.string(),
  sections: z.array(VisionBoardSectionOut),
  createdAt: z.string(),
  /** Where the rendered image is. */
  svgUrl: z.string(),
}).meta({ id: 'VisionBoard' });

export const visionBoardPath = (id: string): string => `${API_PREFIX}/vision-boards/${encodeURIComponent(id)}`;

export const visionBoardOut = (b: VisionBoard): z.infer<typeof VisionBoardOut> => ({
  id: b.id,
  userId: b.userId,
  title: b.title,
  sections: b.sections.map((s) => ({
    heading: s.heading,
    dimension: s.dimension,
    value: s.value,
    weight: s.weight,
    source: s.source,
    products: s.products.map((p) => ({ ...p, price: { ...p.price } })),
  })),
  createdAt: iso(b.createdAt),
  svgUrl: `${visionBoardPath(b.id)}.svg`,
});
