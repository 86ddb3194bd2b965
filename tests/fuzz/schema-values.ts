// fast-check arbitraries of values a JSON Schema (2020-12, as OpenAPI 3.1 writes it) accepts.
// Fields whose name the fixtures know (`productId`, `currency`, ...) mostly take a known value,
// so valid requests reach the use cases instead of stopping at "not found".
import fc from 'fast-check';
import type { JsonSchema } from './openapi-model';

export interface SchemaContext {
  /** The schema a local `$ref` points at. */
  resolve(ref: string): JsonSchema;
  /** Values worth sending for a field or parameter of this name, if any. */
  known(name: string): readonly unknown[] | undefined;
}

type Schema = { readonly [keyword: string]: unknown };

/** Nesting past which recursive schemas get only their required fields, so generation ends. */
const MAX_DEPTH = 6;
const DEFAULT_MAX_STRING = 40;
const DEFAULT_MAX_ITEMS = 4;

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function deref(schema: JsonSchema, ctx: SchemaContext): Schema | boolean {
  let current = schema;
  for (let hops = 0; typeof current === 'object' && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`$ref cycle at ${String(current.$ref)}`);
    const { $ref, ...siblings } = current;
    const target = ctx.resolve($ref as string);
    // 3.1 allows keywords beside $ref (a description, a nullable type); they narrow the target.
    current = typeof target === 'object' && Object.keys(siblings).length > 0 ? { allOf: [target, siblings] } : target;
  }
  return current;
}

/** The properties and required names of an `allOf` of object schemas, merged. */
function mergeAllOf(parts: readonly JsonSchema[], ctx: SchemaContext): Schema {
  const merged: { properties: Record<string, unknown>; required: string[]; [k: string]: unknown } = { properties: {}, required: [] };
  for (const raw of parts) {
    const part = deref(raw, ctx);
    if (typeof part !== 'object') continue;
    const flat = Array.isArray(part.allOf) ? mergeAllOf(part.allOf as JsonSchema[], ctx) : part;
    for (const [key, value] of Object.entries(flat)) {
      if (key === 'properties') Object.assign(merged.properties, value);
      else if (key === 'required') merged.required.push(...(value as string[]));
      else merged[key] ??= value;
    }
  }
  return merged;
}

const utf16Length = (min: number, max: number) => (s: string) => s.length >= min && s.length <= max;

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const min = num(schema.minLength) ?? 0;
  const max = num(schema.maxLength) ?? Math.max(min, DEFAULT_MAX_STRING);
  const cap = Math.min(max, Math.max(min, DEFAULT_MAX_STRING));
  const fits = utf16Length(min, max);
  switch (schema.format) {
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress().filter(fits);
    case 'uri':
    case 'url':
      return fc.constantFrom('https://example.com/image.png', 'http://img.example.org/a/b.jpg?x=1');
    case 'uuid':
      return fc.uuid();
  }
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern, 'u');
    return fc.stringMatching(pattern).filter(fits);
  }
  const unit = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 -') }, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }));
  return fc.string({ unit, minLength: min, maxLength: cap }).filter(fits);
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = num(schema.exclusiveMinimum);
  const exclusiveMax = num(schema.exclusiveMaximum);
  let min = num(schema.minimum) ?? (exclusiveMin !== undefined ? exclusiveMin + (integer ? 1 : Number.EPSILON) : -1_000_000);
  let max = num(schema.maximum) ?? (exclusiveMax !== undefined ? exclusiveMax - (integer ? 1 : Number.EPSILON) : 1_000_000);
  if (integer) {
    min = Math.ceil(Math.max(min, Number.MIN_SAFE_INTEGER));
    max = Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER));
    // Small values reach more paths (quantities, limits) than the far ends of a wide range.
    const small = fc.integer({ min: Math.max(min, -10), max: Math.min(max, 10) });
    const wide = fc.integer({ min, max });
    return min <= max ? (Math.max(min, -10) <= Math.min(max, 10) ? fc.oneof(small, wide) : wide) : fc.constant(min);
  }
  return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
}

function objectArbitrary(schema: Schema, ctx: SchemaContext, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = (typeof schema.properties === 'object' && schema.properties !== null ? schema.properties : {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const names = Object.keys(properties).filter((name) => required.has(name) || depth < MAX_DEPTH);
  if (names.length === 0 && typeof schema.additionalProperties === 'object') {
    const keys = typeof schema.propertyNames === 'object' ? valueArbitrary(schema.propertyNames as JsonSchema, ctx, '', depth + 1) : stringArbitrary({ minLength: 1, maxLength: 20 });
    return fc.dictionary(keys.map(String), valueArbitrary(schema.additionalProperties as JsonSchema, ctx, '', depth + 1), { maxKeys: 3 });
  }
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of names) record[name] = valueArbitrary(properties[name] ?? {}, ctx, name, depth + 1);
  return fc.record(record, { requiredKeys: names.filter((name) => required.has(name)) }) as fc.Arbitrary<Record<string, unknown>>;
}

function typedArbitrary(type: string, schema: Schema, ctx: SchemaContext, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema.items as JsonSchema | undefined) ?? {};
      const min = num(schema.minItems) ?? 0;
      const max = Math.min(num(schema.maxItems) ?? DEFAULT_MAX_ITEMS, Math.max(min, depth < MAX_DEPTH ? DEFAULT_MAX_ITEMS : 0));
      return fc.array(valueArbitrary(items, ctx, '', depth + 1), { minLength: min, maxLength: max });
    }
    case 'object':
      return objectArbitrary(schema, ctx, depth);
    default:
      return fc.constant(null);
  }
}

/** Any small JSON value, for `{}` (z.unknown()) schemas. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom('fuzz', 0, 1, true, null), fc.dictionary(fc.constantFrom('a', 'b'), fc.constantFrom(1, 'x'), { maxKeys: 2 }));

/** Values `schema` accepts; `name` is the field or parameter it sits under. */
export function valueArbitrary(raw: JsonSchema, ctx: SchemaContext, name = '', depth = 0): fc.Arbitrary<unknown> {
  const generated = generatedArbitrary(raw, ctx, depth);
  const known = name ? ctx.known(name) : undefined;
  return known && known.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: generated }) : generated;
}

function generatedArbitrary(raw: JsonSchema, ctx: SchemaContext, depth: number): fc.Arbitrary<unknown> {
  const schema = deref(raw, ctx);
  if (schema === false) return fc.constant(undefined);
  if (schema === true) return anyJson;
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.allOf)) return generatedArbitrary(mergeAllOf(schema.allOf as JsonSchema[], ctx), ctx, depth);
  const choices = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(choices) && choices.length > 0) return fc.oneof(...choices.map((choice) => generatedArbitrary(choice, ctx, depth)));
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [];
  if (types.length === 0) {
    if (schema.properties || schema.additionalProperties) return typedArbitrary('object', schema, ctx, depth);
    if (schema.items) return typedArbitrary('array', schema, ctx, depth);
    return anyJson;
  }
  // null is one choice among the others, not half of all values.
  return fc.oneof(...types.map((type) => ({ weight: type === 'null' ? 1 : 4, arbitrary: typedArbitrary(type, schema, ctx, depth) })));
}
