import { randomUUID } from 'node:crypto';

/** A fresh id per call: tests share a store, so every test works in companies of its own. */
export const uniqueId = (): string => randomUUID();

export const uniqueSlug = (prefix = 'co'): string => `${prefix}-${randomUUID().slice(0, 12)}`;
