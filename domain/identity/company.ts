export interface Company {
  readonly id: string;
  readonly name: string;
  /** Unique across the platform; lower-case letters, digits and dashes. */
  readonly slug: string;
  readonly createdAt: Date;
}
