import { ApiKeySchema } from './schemas/api-key-schema';
import { CategorySchema } from './schemas/category-schema';
import { CompanySchema } from './schemas/company-schema';
import { GraphRebuildSchema } from './schemas/graph-rebuild-schema';
import { InterestSchema } from './schemas/interest-schema';
import { OrderLineSchema, OrderSchema } from './schemas/order-schema';
import { OutboxSchema } from './schemas/outbox-schema';
import { PasswordResetSchema } from './schemas/password-reset-schema';
import { PricePointSchema } from './schemas/price-point-schema';
import { ProcessedEventSchema } from './schemas/processed-event-schema';
import { ProductSchema } from './schemas/product-schema';
import { RefreshTokenSchema } from './schemas/refresh-token-schema';
import { UserSchema } from './schemas/user-schema';
import { VisionBoardSchema } from './schemas/vision-board-schema';
import { WatchlistSchema } from './schemas/watchlist-schema';

/** Every mapping the relational store knows; migrations are generated from these. */
export const ENTITIES = [
  CompanySchema,
  UserSchema,
  RefreshTokenSchema,
  PasswordResetSchema,
  ApiKeySchema,
  CategorySchema,
  ProductSchema,
  PricePointSchema,
  OrderSchema,
  OrderLineSchema,
  InterestSchema,
  WatchlistSchema,
  VisionBoardSchema,
  OutboxSchema,
  ProcessedEventSchema,
  GraphRebuildSchema,
];
