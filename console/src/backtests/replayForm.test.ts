import { describe, expect, it } from 'vitest';
import { toReplayParams } from './replayForm';

describe('replay form', () => {
  it('filters nothing when nothing is filled in', () => {
    expect(toReplayParams({ outcome: '', from: null, to: null })).toEqual({ filter: {} });
  });

  it('turns the days into the start of the first and the end of the last, in local time', () => {
    const params = toReplayParams({ outcome: 'REFER', from: '2026-11-01', to: '2026-11-02' });
    expect(params.filter).toEqual({
      outcome: 'REFER',
      from: new Date(2026, 10, 1).toISOString(),
      to: new Date(2026, 10, 3).toISOString(),
    });
  });

  it('passes candidate versions only when some are chosen', () => {
    expect(toReplayParams({ candidateVersionIds: ['v2'] })).toEqual({
      filter: {},
      candidateVersionIds: ['v2'],
    });
    expect(toReplayParams({ candidateVersionIds: [] })).toEqual({ filter: {} });
  });
});
