// The analytics queries and price intelligence (SPEC §3.9): their parameters and answers.
import { z } from 'zod';
import { NAME_MAX } from './analytics-schemas';
import { MoneySchema } from './common';

const Instant = z.iso.datetime({ offset: true });

/** `from` inclusive, `to` exclusive (ISO-8601); by default the last 30 days up to now. */
const RangeFields = {
  from: Instant.optional().meta({ description: 'Inclusive (ISO-8601); default: 30 days before `to`' }),
  to: Instant.optional().meta({ description: 'Exclusive (ISO-8601); default: now, rounded up to the minute' }),
};

export const RangeQuery = z.strictObject(RangeFields);

export const ActiveUsersQuery = z.strictObject({
  ...RangeFields,
  interval: z.enum(['day', 'week', 'month']).default('day').meta({ description: 'UTC buckets; weeks start on Monday' }),
});

export const TopProductsQuery = z.strictObject({
  ...RangeFields,
  by: z.enum(['revenue', 'units', 'views']).default('revenue'),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

const MAX_STEPS = 10;

export const FunnelQuery = z.strictObject({
  ...RangeFields,
  steps: z
    .string()
    .max(MAX_STEPS * (NAME_MAX + 1))
    .transform((text) => text.split(','))
    .pipe(z.array(z.string().min(1).max(NAME_MAX)).min(2).max(MAX_STEPS))
    .meta({ description: `2..${MAX_STEPS} \`track\` event names, comma-separated, e.g. \`Product Viewed,Product Added,Order Completed\`` }),
  windowDays: z.coerce.number().int().min(1).max(90).default(7)
    .meta({ description: 'Each later step counts within this many days of the user\'s first step 1 in the range' }),
});

export const RetentionQuery = z.strictObject({
  ...RangeFields,
  cohort: z.literal('week').default('week').meta({ description: 'Cohorts by the UTC week (from Monday) of an identity\'s first event' }),
});

export const ForecastQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(90).default(30),
});

export const AnomaliesQuery = z.strictObject({
  ...RangeFields,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const OverviewOut = z
  .object({
    revenue: z.array(MoneySchema).meta({ description: 'One Money per currency, over the counted orders (placed in the range, now paid, shipped or delivered)' }),
    orders: z.number().int(),
    averageOrderValue: z.array(MoneySchema).meta({ description: 'Per currency, rounded half-up to the cent' }),
    activeUsers: z.number().int().meta({ description: 'Distinct identities (userId, else anonymousId) with any event in the range' }),
    buyers: z.number().int().meta({ description: 'Distinct users with a counted order' }),
    conversionRate: z.number().meta({ description: 'buyers / activeUsers, 4 decimals; 0 without active users' }),
  })
  .meta({ id: 'AnalyticsOverview' });

export const ActiveUsersOut = z
  .object({
    interval: z.enum(['day', 'week', 'month']),
    points: z.array(z.object({ start: z.string().meta({ description: 'The bucket\'s first instant (UTC)' }), activeUsers: z.number().int() })),
  })
  .meta({ id: 'ActiveUsers', description: 'One point per bucket overlapping the range, zeros included' });

export const TopProductsOut = z
  .object({
    items: z.array(
      z.object({
        product: z.object({ id: z.string(), name: z.string() }),
        revenue: z.array(MoneySchema),
        units: z.number().int(),
        views: z.number().int().meta({ description: '`track` `Product Viewed` events with this `properties.product_id`' }),
      }),
    ),
  })
  .meta({ id: 'TopProducts', description: 'Sorted by the chosen measure, most first, ties by product id' });

export const FunnelOut = z
  .object({ steps: z.array(z.object({ event: z.string(), users: z.number().int() })) })
  .meta({ id: 'Funnel' });

export const RetentionOut = z
  .object({
    cohorts: z.array(
      z.object({
        start: z.string().meta({ description: 'Monday 00:00 UTC of the cohort\'s week' }),
        size: z.number().int(),
        retained: z.array(z.number().int()).meta({ description: '`n_k`: cohort identities with an event in week k after it (n0 = size), weeks up to `to`' }),
      }),
    ),
  })
  .meta({ id: 'Retention' });

export const ForecastOut = z
  .object({
    model: z.string().meta({ description: '`damped_trend` (damped-trend exponential smoothing) or `seasonal_naive` (weekly), whichever had the lower holdout error' }),
    parameters: z.record(z.string(), z.number()).meta({ description: 'The fitted model\'s parameters' }),
    residualSd: z.number().meta({ description: 'Standard deviation of the one-step errors, in minor units' }),
    history: z.number().int().meta({ description: 'Days of daily prices (last price of each UTC day, carried forward) the model was fitted on' }),
    points: z.array(z.object({
      date: z.string().meta({ description: 'A UTC day, YYYY-MM-DD' }),
      price: MoneySchema,
      lower: MoneySchema.meta({ description: '80% prediction interval' }),
      upper: MoneySchema,
    })),
  })
  .meta({ id: 'PriceForecast' });

export const AnomaliesOut = z
  .object({
    items: z.array(z.object({
      product: z.object({ id: z.string(), name: z.string() }),
      at: z.string().meta({ description: 'The UTC day of the change' }),
      price: MoneySchema,
      previous: MoneySchema,
      score: z.number().meta({ description: 'Robust z-score of the daily log price change; negative for a drop' }),
    })),
  })
  .meta({ id: 'PriceAnomalies', description: 'Largest |score| first' });

const PriceAt = z.object({ price: MoneySchema, at: z.string() });

export const PriceStatsOut = z
  .object({
    current: MoneySchema,
    avg30: MoneySchema,
    avg90: MoneySchema,
    avg180: MoneySchema,
    min90: PriceAt,
    max90: PriceAt,
    minAllTime: MoneySchema,
    maxAllTime: MoneySchema,
    isLowest90: z.boolean(),
    deltaPercent30: z.number(),
    deltaPercent90: z.number(),
  })
  .meta({ id: 'PriceStats', description: 'After Keepa\'s price statistics' });
