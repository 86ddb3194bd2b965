import { EntitySchema } from '@mikro-orm/postgresql';

export interface CategoryRow {
  id: string;
  companyId: string;
  name: string;
  parentId: string | null;
  createdAt: Date;
}

export const CategorySchema = new EntitySchema<CategoryRow>({
  name: 'CategoryRow',
  tableName: 'categories',
  properties: {
    id: { type: 'text', primary: true },
    companyId: { type: 'text', index: true },
    name: { type: 'text' },
    parentId: { type: 'text', nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
