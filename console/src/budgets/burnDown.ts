import type { ExposureBudget } from '../dataProvider/exposure';

/**
 * A budget's window as a chart: what is left of an amount budget (a share budget has no fixed cap, so its
 * use climbs instead) at the window's start, at each decision that took from it and now, and the pace
 * line: from the start through now to where the window ends at the rate so far.
 */
export interface BurnDown {
  x: Date[];
  /** Left (amount budgets) or used (share budgets); null after now. */
  actual: (number | null)[];
  pace: number[];
  /** Whether the line climbs (a share budget's use) rather than falls (what an amount budget has left). */
  climbs: boolean;
}

export function burnDown(budget: ExposureBudget, now: Date): BurnDown {
  const { current } = budget;
  const start = new Date(current.startsAt).getTime();
  const end = new Date(current.endsAt).getTime();
  const nowMs = Math.min(Math.max(now.getTime(), start), end);
  const climbs = current.limit === null;
  const shown = (used: number) => (climbs ? used : (current.limit as number) - used);
  const points = [
    { at: start, value: shown(0) },
    ...current.series
      .map((point) => ({ at: new Date(point.at).getTime(), value: shown(point.used) }))
      .filter((point) => point.at >= start && point.at <= nowMs),
    { at: nowMs, value: shown(current.used) },
  ];
  const ends = { from: shown(0), to: shown(current.projectedAtEnd) };
  const paceAt = (at: number) => ends.from + ((ends.to - ends.from) * (at - start)) / (end - start);
  const x = [...points.map((point) => point.at), end];
  return {
    x: x.map((at) => new Date(at)),
    actual: [...points.map((point) => point.value), null],
    pace: x.map(paceAt),
    climbs,
  };
}
