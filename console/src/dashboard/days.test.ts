import { describe, expect, it } from 'vitest';
import { dailyCountsQuery, latestPublishes } from '../dataProvider/dashboard';
import { approvalRate, dayBoundaries } from './days';

describe('day windows', () => {
  it('ends with tomorrow and starts count - 1 days before today, at local midnight', () => {
    const boundaries = dayBoundaries(new Date(2026, 10, 28, 15, 30), 3).map((iso) => new Date(iso));
    expect(boundaries.map((date) => [date.getMonth(), date.getDate(), date.getHours()])).toEqual([
      [10, 26, 0],
      [10, 27, 0],
      [10, 28, 0],
      [10, 29, 0],
    ]);
  });

  it('crosses month ends', () => {
    const [first] = dayBoundaries(new Date(2026, 2, 1, 8), 2).map((iso) => new Date(iso));
    expect([first.getMonth(), first.getDate()]).toEqual([1, 28]);
  });
});

describe('approval rate', () => {
  const day = (APPROVE: number, REFER: number, DECLINE: number) => ({ start: '', APPROVE, REFER, DECLINE });

  it('counts approvals over every outcome of every day', () => {
    expect(approvalRate([day(3, 1, 0), day(1, 0, 3)])).toEqual({ approved: 4, total: 8, rate: 0.5 });
  });

  it('has no rate without decisions', () => {
    expect(approvalRate([day(0, 0, 0)]).rate).toBeNull();
  });
});

describe('dashboard query', () => {
  it('counts an outcome per day between consecutive boundaries', () => {
    const query = dailyCountsQuery(2);
    expect(query).toContain('($outcome: DecisionOutcome!, $t0: DateTime!, $t1: DateTime!, $t2: DateTime!)');
    expect(query).toContain('d1: decisions(first: 0, filter: { from: $t1, to: $t2, outcome: $outcome })');
  });

  it('stays within the 30 aliases the API allows a query', () => {
    expect(dailyCountsQuery(14).match(/\bd\d+:/g)).toHaveLength(14);
  });

  it('merges publishes and rollbacks newest first', () => {
    const event = (seq: string, action: 'publish' | 'rollback') => ({
      node: { seq, at: '', actor: 'a', action, summary: { policyId: 'p', kind: 'LIMIT', number: 2 } },
    });
    const merged = latestPublishes(
      { edges: [event('3', 'publish'), event('1', 'publish')] },
      { edges: [event('2', 'rollback')] },
    );
    expect(merged.map((publish) => [publish.seq, publish.action])).toEqual([
      ['3', 'publish'],
      ['2', 'rollback'],
      ['1', 'publish'],
    ]);
    expect(merged[0]).toMatchObject({ policyId: 'p', kind: 'LIMIT', number: 2 });
  });
});
