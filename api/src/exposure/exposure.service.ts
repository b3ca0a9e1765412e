import type { EntityManager } from '@mikro-orm/core';
import {
  type BudgetUse,
  DEFAULT_TIME_ZONE,
  type ExposureSection,
  type ExposureVerdict,
  windowOf,
} from '@spillway/rules';
import { DomainError } from '../core/errors.js';
import { Decision } from '../decisions/decision.entity.js';
import { PolicyKind } from '../policies/policy-kind.js';
import type { PublishedPolicies } from '../policies/published-policies.js';
import { Product } from '../products/product.entity.js';
import type { ProductService } from '../products/product.service.js';
import type { BudgetPoint, ExposureBudgetView } from './exposure-budget.type.js';
import { ExposureCounter } from './exposure-counter.entity.js';

/** Points of a burn-down: enough to draw a window, few enough to read on every poll. */
const MAX_POINTS = 2000;

/** One budget's use in its current window, in CNY or a count. */
export interface BudgetGaugeReading {
  product: string;
  budget: string;
  window: string;
  measure: string;
  used: number;
  limit: number | null;
}

interface RecordedExposure {
  verdict: ExposureVerdict;
  uses: BudgetUse[];
}

/** The offset of `zone` from UTC at an instant, in ms (Shanghai: +8 h). */
function zoneOffset(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return (
    Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - at
  );
}

/** The instant a calendar day starts in `zone` (twice round for a day that starts inside a DST change). */
function zonedMidnight(zone: string, year: number, month: number, day: number): Date {
  const guess = Date.UTC(year, month - 1, day);
  const first = guess - zoneOffset(zone, guess);
  return new Date(guess - zoneOffset(zone, first));
}

/** Where a window starts and ends, from its key (`DAY:2026-12-03`, `MONTH:2026-12`). */
export function windowBounds(window: string, zone: string): { startsAt: Date; endsAt: Date } {
  const [kind, date] = window.split(':');
  const [year, month, day = 1] = date.split('-').map(Number);
  if (kind === 'DAY') {
    const next = new Date(Date.UTC(year, month - 1, day + 1));
    return {
      startsAt: zonedMidnight(zone, year, month, day),
      endsAt: zonedMidnight(zone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()),
    };
  }
  const next = new Date(Date.UTC(year, month, 1));
  return {
    startsAt: zonedMidnight(zone, year, month, 1),
    endsAt: zonedMidnight(zone, next.getUTCFullYear(), next.getUTCMonth() + 1, 1),
  };
}

/** The published budgets of a product and how each is being used in its current window. */
export class ExposureService {
  constructor(
    private readonly products: ProductService,
    private readonly published: PublishedPolicies,
  ) {}

  /**
   * Every product's budgets and what their current windows used, from the counters alone (no decision is
   * read): what /metrics reports on each scrape.
   */
  async usage(em: EntityManager, now = new Date()): Promise<BudgetGaugeReading[]> {
    const readings: BudgetGaugeReading[] = [];
    for (const product of await em.find(Product, {}, { orderBy: { key: 'asc' } })) {
      const policy = (await this.published.current(product.id, now)).get(PolicyKind.EXPOSURE);
      const section = policy?.document.exposure as ExposureSection | undefined;
      if (!section) continue;
      const zone = policy?.compiled.exposure?.timeZone ?? DEFAULT_TIME_ZONE;
      const keys = section.budgets.map((budget) => `${budget.name}|${windowOf(budget.window, zone, now)}`);
      const counters = new Map(
        (await em.find(ExposureCounter, { product: product.id, counterKey: { $in: keys } })).map(
          (counter) => [counter.counterKey, counter.used],
        ),
      );
      section.budgets.forEach((budget, index) => {
        const toUnits = (value: number) => (budget.measure === 'APPROVALS' ? value : value / 100);
        readings.push({
          product: product.key,
          budget: budget.name,
          window: budget.window,
          measure: budget.measure,
          used: toUnits(counters.get(keys[index]) ?? 0),
          limit: budget.amount ?? null,
        });
      });
    }
    return readings;
  }

  async budgets(em: EntityManager, productKey: string, now = new Date()): Promise<ExposureBudgetView[]> {
    const product = await this.products.get(em, productKey);
    const policy = (await this.published.current(product.id, now)).get(PolicyKind.EXPOSURE);
    if (!policy) return [];
    const section = policy.document.exposure as ExposureSection | undefined;
    if (!section) {
      throw new DomainError('CONFLICT', `The published EXPOSURE policy of ${productKey} has no budgets`);
    }
    const zone = policy.compiled.exposure?.timeZone ?? DEFAULT_TIME_ZONE;
    const windows = section.budgets.map((budget) => windowOf(budget.window, zone, now));
    const counters = new Map(
      (
        await em.find(ExposureCounter, {
          product: product.id,
          counterKey: { $in: section.budgets.map((budget, index) => `${budget.name}|${windows[index]}`) },
        })
      ).map((counter) => [counter.counterKey, counter.used]),
    );
    const earliest = Math.min(...windows.map((window) => windowBounds(window, zone).startsAt.getTime()));
    const decisions = await em.find(
      Decision,
      { product: product.id, decidedAt: { $gte: new Date(earliest) }, exposure: { $ne: null } },
      { fields: ['decidedAt', 'exposure'], orderBy: { decidedAt: 'asc', id: 'asc' }, limit: 50_000 },
    );
    return section.budgets.map((budget, index) => {
      const window = windows[index];
      const { startsAt, endsAt } = windowBounds(window, zone);
      const toUnits = (value: number) => (budget.measure === 'APPROVALS' ? value : value / 100);
      const used = toUnits(counters.get(`${budget.name}|${window}`) ?? 0);
      const points: BudgetPoint[] = [];
      let stopped = 0;
      for (const decision of decisions) {
        if (decision.decidedAt < startsAt) continue;
        const recorded = decision.exposure as RecordedExposure;
        if (
          recorded.verdict.outcome !== 'FIT' &&
          'budget' in recorded.verdict &&
          recorded.verdict.budget === budget.name
        ) {
          stopped++;
        }
        const use = recorded.uses.find(
          (candidate) => candidate.budget === budget.name && candidate.window === window,
        );
        // Decisions take the counters in commit order, which their decision times need not follow
        // exactly: the line only ever rises.
        if (use)
          points.push({
            at: decision.decidedAt,
            used: Math.max(points.at(-1)?.used ?? 0, toUnits(use.used)),
          });
      }
      const elapsed = Math.max(1, now.getTime() - startsAt.getTime());
      return {
        name: budget.name,
        description: budget.description ?? null,
        window: budget.window,
        measure: budget.measure,
        onExceed: budget.onExceed,
        amount: budget.amount ?? null,
        share: budget.share ?? null,
        segment: (budget.segment as Record<string, unknown> | undefined) ?? null,
        timeZone: zone,
        current: {
          window,
          startsAt,
          endsAt,
          used,
          limit: budget.amount ?? null,
          left: budget.amount === undefined ? null : Math.max(0, budget.amount - used),
          projectedAtEnd: (used / elapsed) * (endsAt.getTime() - startsAt.getTime()),
          series: downsample(points),
          stopped,
        },
      };
    });
  }
}

/** Every n-th point and the last, so a busy window still draws its shape. */
function downsample(points: BudgetPoint[]): BudgetPoint[] {
  if (points.length <= MAX_POINTS) return points;
  const every = Math.ceil(points.length / MAX_POINTS);
  return points.filter((_, index) => index % every === 0 || index === points.length - 1);
}
