// The ClickHouse journal's batches compressed with lz4 where the server has it: pglz cost
// PostgreSQL about 4 ms of CPU per 1000 journalled events, lz4 under 1 (bench/ingest). PGlite
// is built without lz4 and keeps pglz.
import { Migration } from '@mikro-orm/migrations';

const WITH_LZ4 = `do $$ begin
  if exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any (enumvals)) then
    alter table "analytics_journal" alter column "events" set compression lz4;
  end if;
end $$;`;

export class Migration20261206153000_analytics_journal_lz4 extends Migration {

  override async up(): Promise<void> {
    this.addSql(WITH_LZ4);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "analytics_journal" alter column "events" set compression default;`);
  }

}
