import type { MikroORM } from '@mikro-orm/core';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../core/logger.js';
import type { BudgetGaugeReading, ExposureService } from './exposure.service.js';

const LABELS = ['product', 'budget', 'window', 'measure'] as const;
/** The registry collects every metric at once: the three gauges of one scrape share one read. */
const SHARED_READ_MS = 1000;

/**
 * Budget usage in /metrics: each published budget's use of its current window (CNY or a count), its cap,
 * and the share of the cap used, read from the counters on every scrape so every replica reports the
 * same figures.
 */
export function registerExposureGauges(
  registry: Registry,
  orm: MikroORM,
  exposure: ExposureService,
  logger: Logger,
) {
  let last: { at: number; readings: Promise<BudgetGaugeReading[]> } | null = null;
  const read = () => {
    if (!last || Date.now() - last.at > SHARED_READ_MS) {
      last = {
        at: Date.now(),
        readings: exposure.usage(orm.em.fork()).catch((error) => {
          // A scrape still answers with the other metrics; the log says why the budgets are missing.
          logger.error({ err: error }, 'reading exposure budget usage for /metrics failed');
          return [];
        }),
      };
    }
    return last.readings;
  };
  const gauge = (name: string, help: string, value: (reading: BudgetGaugeReading) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: LABELS,
      registers: [registry],
      async collect() {
        this.reset();
        for (const reading of await read()) {
          const figure = value(reading);
          if (figure === null) continue;
          const { product, budget, window, measure } = reading;
          this.set({ product, budget, window, measure }, figure);
        }
      },
    });
  gauge(
    'spillway_exposure_budget_used',
    "An exposure budget's use of its current window: CNY of new exposure, or a count of approvals",
    (reading) => reading.used,
  );
  gauge(
    'spillway_exposure_budget_limit',
    "An amount budget's cap, in its measure's unit",
    (reading) => reading.limit,
  );
  gauge(
    'spillway_exposure_budget_used_ratio',
    "The share of an amount budget's cap its current window used",
    (reading) => (reading.limit === null ? null : reading.used / reading.limit),
  );
}
