export interface IdGenerator {
  /** A new opaque, unique, roughly time-ordered id on every call. */
  next(): string;
}
