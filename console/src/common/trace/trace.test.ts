import { describe, expect, it } from 'vitest';
import { formatValue } from '../json';
import { conditionRows, ruleFired, scorecardsOf, traceStages } from './trace';

describe('traceStages', () => {
  const stage = { kind: 'ADMISSION', rules: [] };

  it('reads an array, { stages }, a keyed object or a single stage', () => {
    expect(traceStages([stage])).toEqual([{ name: 'ADMISSION', body: stage }]);
    expect(traceStages({ stages: [stage] })).toEqual([{ name: 'ADMISSION', body: stage }]);
    expect(traceStages({ LIMIT: { base: 1 } })).toEqual([{ name: 'LIMIT', body: { base: 1 } }]);
    expect(traceStages(stage)).toEqual([{ name: 'ADMISSION', body: stage }]);
  });

  it('gives up on shapes it does not know, so the caller shows JSON', () => {
    expect(traceStages('text')).toBeNull();
    expect(traceStages({ a: 1 })).toBeNull();
  });
});

describe('conditionRows', () => {
  it("flattens rules/' condition trace: value is the fact's, compared the operand", () => {
    const rows = conditionRows({
      all: [
        { fact: 'dsr', value: 0.62, operator: 'greaterThan', compared: 0.5, result: true },
        {
          not: { fact: 'region', value: 'SH', operator: 'in', compared: ['XJ'], result: false },
          result: true,
        },
      ],
      result: true,
    });
    expect(rows).toEqual([
      { depth: 0, group: 'all', result: true },
      { depth: 1, fact: 'dsr', actual: 0.62, operator: 'greaterThan', compared: 0.5, result: true },
      { depth: 1, group: 'not', result: true },
      { depth: 2, fact: 'region', actual: 'SH', operator: 'in', compared: ['XJ'], result: false },
    ]);
  });

  it("reads json-rules-engine's own result shape too", () => {
    expect(
      conditionRows({ fact: 'age', operator: 'lessThan', value: 18, factResult: 30, result: false }),
    ).toEqual([{ depth: 0, fact: 'age', actual: 30, operator: 'lessThan', compared: 18, result: false }]);
  });

  it('keeps unknown nodes as raw rows', () => {
    expect(conditionRows({ any: [42] })).toEqual([
      { depth: 0, group: 'any', result: undefined },
      { depth: 1, raw: 42 },
    ]);
  });
});

describe('formatting', () => {
  it('formats operands and rule state', () => {
    expect(formatValue({ param: 'dsrCap' })).toBe('param:dsrCap');
    expect(formatValue([1, 2])).toBe('[1,2]');
    expect(formatValue(null)).toBe('null');
    expect(ruleFired({ fired: false })).toBe(false);
    expect(ruleFired({ result: true })).toBe(true);
    expect(ruleFired({})).toBeUndefined();
  });
});

describe('scorecardsOf', () => {
  const card = {
    name: 'behaviour',
    score: 540,
    badProbability: 0.2,
    missingCount: 0,
    points: [
      {
        characteristic: 'maxDpd12m',
        reasonCode: 'SERIOUS',
        value: 60,
        bin: '>= 30',
        points: 20,
        pointsBelowBest: 35,
      },
    ],
    reasons: [{ code: 'SERIOUS', characteristic: 'maxDpd12m', pointsBelowBest: 35 }],
  };

  it('reads the cards of every stage, naming the stage, and skips what is not a scored card', () => {
    const trace = {
      stages: [
        { kind: 'ADMISSION', scorecards: [] },
        { kind: 'MONITORING', scorecards: [card, { name: 'broken' }] },
      ],
    };
    expect(scorecardsOf(trace)).toEqual([{ ...card, stage: 'MONITORING' }]);
    expect(scorecardsOf(null)).toEqual([]);
    expect(scorecardsOf({ stages: [{ kind: 'LIMIT' }] })).toEqual([]);
  });
});
