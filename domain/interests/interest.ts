export const INTEREST_SOURCES = ['explicit', 'inferred'] as const;
export type InterestSource = (typeof INTEREST_SOURCES)[number];

export interface Interest {
  /** Free text such as `category`, `brand`, `style`, `color`. */
  readonly dimension: string;
  readonly value: string;
  /** 0..1 */
  readonly weight: number;
  readonly source: InterestSource;
  readonly updatedAt: Date;
}
