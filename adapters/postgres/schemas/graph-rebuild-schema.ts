import { EntitySchema } from '@mikro-orm/postgresql';

/**
 * A graph rebuild job (SPEC §3.5), shared by every replica. The progress is one JSONB document
 * (read and written whole); `heartbeat_at` is the owner's lease, renewed while it runs.
 */
export interface GraphRebuildRow {
  id: string;
  companyId: string;
  status: string;
  progress: unknown;
  startedAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

export const GraphRebuildSchema = new EntitySchema<GraphRebuildRow>({
  name: 'GraphRebuildRow',
  tableName: 'graph_rebuilds',
  indexes: [
    // Partial and unique: at most one running rebuild per company, whichever replica starts it;
    // finished jobs pile up beside it without a constraint.
    {
      name: 'graph_rebuilds_one_running_idx',
      expression: `create unique index "graph_rebuilds_one_running_idx" on "graph_rebuilds" ("company_id") where "status" = 'running'`,
    },
  ],
  properties: {
    id: { type: 'text', primary: true },
    companyId: { type: 'text' },
    status: { type: 'text' },
    progress: { type: 'json' },
    startedAt: { type: 'datetime', columnType: 'timestamptz' },
    heartbeatAt: { type: 'datetime', columnType: 'timestamptz' },
    finishedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    error: { type: 'text', nullable: true },
  },
});
