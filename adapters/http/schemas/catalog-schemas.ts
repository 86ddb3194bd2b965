import { z } from 'zod';
import type { Category } from '../../../domain/catalog/category';
import { iso } from './common';

export const CategoryBody = z.strictObject({
  name: z.string().min(1).max(120),
  parentId: z.string().min(1).max(200).nullable().default(null),
});

export const CategoryPatch = z.strictObject({
  name: z.string().min(1).max(120).optional(),
  parentId: z.string().min(1).max(200).nullable().optional(),
});

export const CategoryOut = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  createdAt: z.string(),
});

export const categoryOut = (c: Category): z.infer<typeof CategoryOut> => ({
  id: c.id,
  name: c.name,
  parentId: c.parentId,
  createdAt: iso(c.createdAt),
});
