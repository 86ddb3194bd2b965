// A JSON column whose keys a user may choose (product attributes, event payloads that carry them).
// MikroORM walks and copies the plain objects it is given to write: its validator throws on a key
// such as `constructor` (`Utils.isPrimaryKey` reads `value.constructor.name`), so
// `{"attributes": {"constructor": "x"}}` made a 500, and its copy assigns keys one by one, so a
// `__proto__` key became the copy's prototype and vanished. Such a value goes in as its JSON
// text, wrapped in an object MikroORM neither walks nor needs to copy deeply.
import { JsonType, type Platform, type TransformContext } from '@mikro-orm/core';

export class JsonDocument<T> {
  readonly text: string;

  constructor(value: T) {
    this.text = JSON.stringify(value);
  }

  parse(): T {
    return JSON.parse(this.text) as T;
  }
}

/** A column written as a `JsonDocument` and read back as plain JSON. */
export type JsonColumn<T> = T | JsonDocument<T>;

export const jsonOf = <T>(column: JsonColumn<T>): T => (column instanceof JsonDocument ? column.parse() : column);

export class JsonDocumentType extends JsonType {
  override convertToDatabaseValue(value: unknown, platform: Platform, context?: TransformContext): string | null {
    return value instanceof JsonDocument ? value.text : super.convertToDatabaseValue(value, platform, context);
  }
}
