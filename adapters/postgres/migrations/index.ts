// Every migration, in order. Listed explicitly so they load the same under tsx, vitest
// and a bundler; `npm run cli -- migration:create` writes new files here to add.
import type { MigrationObject } from '@mikro-orm/core';

export const MIGRATIONS: MigrationObject[] = [];
