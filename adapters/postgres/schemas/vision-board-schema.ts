import { EntitySchema } from '@mikro-orm/postgresql';

/**
 * A board is a snapshot read whole, so its sections are one JSONB document; the columns
 * beside it are what lookups and tenancy need.
 */
export interface VisionBoardRow {
  id: string;
  companyId: string;
  userId: string;
  title: string;
  sections: unknown;
  createdAt: Date;
}

export const VisionBoardSchema = new EntitySchema<VisionBoardRow>({
  name: 'VisionBoardRow',
  tableName: 'vision_boards',
  indexes: [{ name: 'vision_boards_company_user_created_idx', properties: ['companyId', 'userId', 'createdAt'] }],
  properties: {
    id: { type: 'text', primary: true },
    companyId: { type: 'text' },
    userId: { type: 'text' },
    title: { type: 'text' },
    sections: { type: 'json' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
