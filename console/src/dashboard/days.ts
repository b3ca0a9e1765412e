import { type DayCounts, OUTCOMES } from '../dataProvider/dashboard';

/**
 * The starts of the last `count` local days (today's last) and the start of tomorrow, as instants: the
 * boundaries of one count per day in the reader's time zone.
 */
export function dayBoundaries(now: Date, count: number): string[] {
  return Array.from({ length: count + 1 }, (_, index) =>
    new Date(now.getFullYear(), now.getMonth(), now.getDate() - count + 1 + index).toISOString(),
  );
}

/** Approved decisions over all decisions in the window; no rate without decisions. */
export function approvalRate(days: DayCounts[]): { approved: number; total: number; rate: number | null } {
  const approved = days.reduce((sum, day) => sum + day.APPROVE, 0);
  const total = days.reduce(
    (sum, day) => sum + OUTCOMES.reduce((daySum, outcome) => daySum + day[outcome], 0),
    0,
  );
  return { approved, total, rate: total === 0 ? null : approved / total };
}
