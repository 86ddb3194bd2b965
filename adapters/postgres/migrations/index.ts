// Every migration, in order. Listed explicitly so they load the same under tsx, vitest
// and a bundler; `npm run cli -- migration:create` writes new files here to add.
export const MIGRATIONS: { name: string; class: new (...args: never[]) => unknown }[] = [];
