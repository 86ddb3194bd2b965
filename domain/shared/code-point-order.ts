/**
 * Orders strings by UTF-16 code units, as PostgreSQL's C collation orders ids: the memory
 * adapters and the graph sort ids this way so that every store pages and ties alike.
 */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
