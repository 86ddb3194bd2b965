import { EntitySchema } from '@mikro-orm/postgresql';
import type { InterestSource } from '../../../domain/interests/interest';

export interface InterestRow {
  companyId: string;
  userId: string;
  source: InterestSource;
  dimension: string;
  value: string;
  weight: number;
  updatedAt: Date;
}

export const InterestSchema = new EntitySchema<InterestRow>({
  name: 'InterestRow',
  tableName: 'interests',
  properties: {
    companyId: { type: 'text', primary: true },
    userId: { type: 'text', primary: true },
    source: { type: 'text', primary: true },
    dimension: { type: 'text', primary: true },
    value: { type: 'text', primary: true },
    weight: { type: 'double' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
