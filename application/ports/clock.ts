export interface Clock {
  /** The current instant; tests pin it. */
  now(): Date;
}
