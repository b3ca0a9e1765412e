import { describe, expect, it } from 'vitest';
import {
  badProbabilityOf,
  canonicalJson,
  compileScorecard,
  defaultScorecards,
  type ScorecardSpec,
  scalingConstants,
  validateScorecard,
} from '../src/index.js';
import { healthyLine } from './helpers.js';

function card(): ScorecardSpec {
  return {
    name: 'test card',
    basePoints: 10,
    scaling: { pdo: 20, baseScore: 600, baseOdds: 50 },
    characteristics: [
      {
        name: 'utilization',
        fact: 'utilization',
        reasonCode: 'HIGH_UTILIZATION',
        bins: [
          { max: 0.3, points: 60 },
          { min: 0.3, max: 0.8, points: 40 },
          { min: 0.8, points: 10 },
          { missing: true, points: 30 },
        ],
      },
      {
        name: 'delinquency',
        fact: 'monthsDelinquent6m',
        reasonCode: 'DELINQUENCY',
        bins: [
          { min: 1, points: 20 },
          { max: 1, points: 80 },
          { missing: true, points: 20 },
        ],
      },
      {
        name: 'region',
        fact: 'region',
        reasonCode: 'REGION',
        bins: [
          { values: ['CN-31', 'CN-11'], points: 30 },
          { values: ['CN-44'], points: 20 },
          { other: true, points: 25 },
        ],
      },
      {
        name: 'headroom',
        expression: 'existingLimit - drawnBalance',
        reasonCode: 'LITTLE_HEADROOM',
        bins: [
          { max: 1000, points: 0 },
          { min: 1000, points: 15 },
          { missing: true, points: 5 },
        ],
      },
    ],
  };
}

const codesOf = (spec: unknown) => validateScorecard(spec).map(({ code, path }) => ({ code, path }));

function withBins(index: number, bins: unknown[]): unknown {
  const spec = card() as unknown as { characteristics: { bins: unknown[] }[] };
  spec.characteristics[index].bins = bins;
  return spec;
}

describe('scorecard evaluation', () => {
  it('scores each characteristic by its bin, half-open ranges going up at an edge', () => {
    const result = compileScorecard(card()).evaluate({
      utilization: 0.3,
      monthsDelinquent6m: 2,
      region: 'CN-44',
      existingLimit: 5000,
      drawnBalance: 4500,
    });
    expect(result.score).toBe(10 + 40 + 20 + 20 + 0);
    expect(result.points).toEqual([
      {
        characteristic: 'utilization',
        reasonCode: 'HIGH_UTILIZATION',
        value: 0.3,
        bin: '[0.3, 0.8)',
        points: 40,
        pointsBelowBest: 20,
      },
      {
        characteristic: 'delinquency',
        reasonCode: 'DELINQUENCY',
        value: 2,
        bin: '>= 1',
        points: 20,
        pointsBelowBest: 60,
      },
      {
        characteristic: 'region',
        reasonCode: 'REGION',
        value: 'CN-44',
        bin: 'CN-44',
        points: 20,
        pointsBelowBest: 10,
      },
      {
        characteristic: 'headroom',
        reasonCode: 'LITTLE_HEADROOM',
        value: 500,
        bin: '< 1000',
        points: 0,
        pointsBelowBest: 15,
      },
    ]);
    expect(result.badProbability).toBeCloseTo(badProbabilityOf(90, card().scaling), 15);
    expect(JSON.parse(canonicalJson(result))).toEqual(result);
  });

  it('ranks reason codes by points lost against each characteristic best bin, ties in card order', () => {
    const scorecard = compileScorecard(card());
    const facts = {
      utilization: 0.5,
      monthsDelinquent6m: 2,
      region: 'CN-44',
      existingLimit: 5000,
      drawnBalance: 0,
    };
    expect(scorecard.evaluate(facts).reasons).toEqual([
      { code: 'DELINQUENCY', characteristic: 'delinquency', pointsBelowBest: 60 },
      { code: 'HIGH_UTILIZATION', characteristic: 'utilization', pointsBelowBest: 20 },
      { code: 'REGION', characteristic: 'region', pointsBelowBest: 10 },
    ]);
    // utilization and region both 10 below their best: card order decides
    const spec = card();
    spec.characteristics[0].bins[1].points = 50;
    const even = { ...facts, monthsDelinquent6m: 0 };
    expect(
      compileScorecard(spec)
        .evaluate(even)
        .reasons.map((reason) => reason.code),
    ).toEqual(['HIGH_UTILIZATION', 'REGION']);
    spec.characteristics.reverse();
    expect(
      compileScorecard(spec)
        .evaluate(even)
        .reasons.map((reason) => reason.code),
    ).toEqual(['REGION', 'HIGH_UTILIZATION']);
    // nothing lost, no reasons
    const best = scorecard.evaluate({ ...facts, utilization: 0.1, monthsDelinquent6m: 0, region: 'CN-31' });
    expect(best.reasons).toEqual([]);
  });

  it('lists a reason code shared by two characteristics once, at its larger loss', () => {
    const spec = card();
    spec.characteristics[3].reasonCode = 'DELINQUENCY';
    const result = compileScorecard(spec).evaluate({
      utilization: 0.1,
      monthsDelinquent6m: 0,
      region: 'CN-31',
      existingLimit: 500,
      drawnBalance: 0,
    });
    expect(result.reasons).toEqual([
      { code: 'DELINQUENCY', characteristic: 'headroom', pointsBelowBest: 15 },
    ]);
  });

  it('scores missing, mistyped and uncomputable values in the missing bin, or the other bin without one', () => {
    const scorecard = compileScorecard(card());
    const result = scorecard.evaluate({ utilization: '0.5', monthsDelinquent6m: null, region: 7 });
    expect(result.points.map(({ value, bin, points }) => ({ value, bin, points }))).toEqual([
      { value: null, bin: 'missing', points: 30 },
      { value: null, bin: 'missing', points: 20 },
      { value: null, bin: 'other', points: 25 },
      { value: null, bin: 'missing', points: 5 },
    ]);
    expect(result.score).toBe(90);
    expect(scorecard.evaluate({ region: 'CN-99' }).points[2]).toMatchObject({ value: 'CN-99', bin: 'other' });
    expect(scorecard.score({})).toBe(90);
  });

  it('compares values at 12 significant digits, so noise does not cross an edge', () => {
    const scorecard = compileScorecard(card());
    expect(scorecard.evaluate({ utilization: 0.1 + 0.2 }).points[0].bin).toBe('[0.3, 0.8)');
    expect(scorecard.evaluate({ utilization: 0.29999999 }).points[0].bin).toBe('< 0.3');
  });

  it('gives the same score by score() as by evaluate(), and lists what it reads', () => {
    const scorecard = compileScorecard(card());
    const facts = {
      utilization: 0.9,
      monthsDelinquent6m: 0,
      region: 'CN-11',
      existingLimit: 9000,
      drawnBalance: 100,
    };
    expect(scorecard.score(facts)).toBe(scorecard.evaluate(facts).score);
    expect(scorecard.inputs).toEqual([
      'drawnBalance',
      'existingLimit',
      'monthsDelinquent6m',
      'region',
      'utilization',
    ]);
    expect(Object.isFrozen(scorecard.spec.characteristics[0].bins[0])).toBe(true);
  });
});

describe('scaling', () => {
  it('puts the base odds at the base score and doubles them every pdo points', () => {
    const scaling = { pdo: 20, baseScore: 600, baseOdds: 50 };
    const { factor, offset } = scalingConstants(scaling);
    expect(factor).toBeCloseTo(20 / Math.LN2, 12);
    expect(offset).toBeCloseTo(600 - (20 / Math.LN2) * Math.log(50), 12);
    expect(offset).toBeCloseTo(487.1229, 4);
    expect(badProbabilityOf(600, scaling)).toBeCloseTo(1 / 51, 12);
    expect(badProbabilityOf(620, scaling)).toBeCloseTo(1 / 101, 12);
    expect(badProbabilityOf(580, scaling)).toBeCloseTo(1 / 26, 12);
    expect(badProbabilityOf(1e6, scaling)).toBe(0);
  });
});

describe('validateScorecard', () => {
  it('accepts the test card and the shipped behaviour card', () => {
    expect(validateScorecard(card())).toEqual([]);
    expect(validateScorecard(defaultScorecards().behaviour)).toEqual([]);
  });

  it('requires numeric bins to cover the line without gaps or overlaps, and a missing bin', () => {
    const c = '$.characteristics[0].bins';
    expect(
      codesOf(
        withBins(0, [
          { max: 0.3, points: 1 },
          { min: 0.4, points: 1 },
          { missing: true, points: 0 },
        ]),
      ),
    ).toEqual([{ code: 'SCORECARD_BIN_GAP', path: `${c}[1]` }]);
    expect(
      codesOf(
        withBins(0, [
          { max: 0.5, points: 1 },
          { min: 0.3, points: 1 },
          { missing: true, points: 0 },
        ]),
      ),
    ).toEqual([{ code: 'SCORECARD_BIN_OVERLAP', path: `${c}[1]` }]);
    expect(
      codesOf(
        withBins(0, [
          { min: 0, max: 1, points: 1 },
          { min: 1, max: 2, points: 1 },
          { missing: true, points: 0 },
        ]),
      ),
    ).toEqual([
      { code: 'SCORECARD_OPEN_END', path: `${c}[0]` },
      { code: 'SCORECARD_OPEN_END', path: `${c}[1]` },
    ]);
    expect(codesOf(withBins(0, [{ points: 1 }]))).toEqual([{ code: 'SCORECARD_MISSING_BIN', path: c }]);
    expect(
      codesOf(withBins(0, [{ points: 1 }, { missing: true, points: 0 }, { missing: true, points: 1 }])),
    ).toEqual([{ code: 'SCORECARD_DUPLICATE_BIN', path: `${c}[2]` }]);
    expect(codesOf(withBins(0, [{ missing: true, points: 0 }]))).toEqual([
      { code: 'SCORECARD_OPEN_END', path: c },
    ]);
    expect(
      codesOf(withBins(0, [{ min: 2, max: 1, points: 0 }, { points: 0 }, { missing: true, points: 0 }])),
    ).toEqual([{ code: 'INVALID_VALUE', path: `${c}[0]` }]);
    expect(
      codesOf(withBins(0, [{ values: ['a'], points: 0 }, { points: 0 }, { missing: true, points: 0 }])),
    ).toEqual([{ code: 'SCORECARD_BIN_KIND', path: `${c}[0]` }]);
  });

  it('requires categorical bins to list each value once, of the fact type, with an other bin', () => {
    const c = '$.characteristics[2].bins';
    expect(
      codesOf(
        withBins(2, [
          { values: ['CN-31'], points: 0 },
          { values: ['CN-31', 4], points: 1 },
          { other: true, points: 0 },
        ]),
      ),
    ).toEqual([
      { code: 'SCORECARD_DUPLICATE_VALUE', path: `${c}[1].values[0]` },
      { code: 'INVALID_TYPE', path: `${c}[1].values[1]` },
    ]);
    expect(
      codesOf(
        withBins(2, [
          { values: ['CN-31'], points: 0 },
          { missing: true, points: 0 },
        ]),
      ),
    ).toEqual([{ code: 'SCORECARD_MISSING_BIN', path: c }]);
    expect(
      codesOf(
        withBins(2, [
          { max: 3, points: 0 },
          { other: true, points: 0 },
        ]),
      ),
    ).toEqual([{ code: 'SCORECARD_BIN_KIND', path: `${c}[0]` }]);
    expect(
      codesOf(
        withBins(2, [
          { values: [], points: 0 },
          { other: true, points: 0 },
        ]),
      ),
    ).toEqual([{ code: 'INVALID_TYPE', path: `${c}[0].values` }]);
  });

  it('checks points, bin shapes and fields', () => {
    const c = '$.characteristics[0].bins';
    expect(
      codesOf(
        withBins(0, [
          { max: 1, points: Number.POSITIVE_INFINITY },
          { min: 1 },
          { missing: false, points: 0 },
          { values: ['x'], max: 1, points: 0 },
          { missing: true, points: 0, label: 'x' },
        ]),
      ),
    ).toEqual([
      { code: 'INVALID_VALUE', path: `${c}[0].points` },
      { code: 'MISSING_FIELD', path: `${c}[1].points` },
      { code: 'INVALID_VALUE', path: `${c}[2].missing` },
      { code: 'INVALID_VALUE', path: `${c}[3]` },
      { code: 'UNSUPPORTED_FIELD', path: `${c}[4].label` },
      { code: 'SCORECARD_DUPLICATE_BIN', path: `${c}[4]` },
    ]);
  });

  it('checks what each characteristic reads, its name and its reason code', () => {
    const spec = card() as unknown as { characteristics: Record<string, unknown>[] };
    spec.characteristics[0].fact = 'salary';
    spec.characteristics[1] = { ...spec.characteristics[1], expression: 'utilization * 2' };
    spec.characteristics[2].name = 'utilization';
    spec.characteristics[2].reasonCode = 'region';
    spec.characteristics[3].expression = 'existingLimit - bonus + log(drawnBalance)';
    spec.characteristics[3].name = 'head room';
    expect(codesOf(spec)).toEqual([
      { code: 'UNKNOWN_FACT', path: '$.characteristics[0].fact' },
      { code: 'INVALID_VALUE', path: '$.characteristics[1]' },
      { code: 'DUPLICATE_CHARACTERISTIC', path: '$.characteristics[2].name' },
      { code: 'INVALID_REASON_CODE', path: '$.characteristics[2].reasonCode' },
      { code: 'INVALID_NAME', path: '$.characteristics[3].name' },
      { code: 'UNKNOWN_FUNCTION', path: '$.characteristics[3].expression' },
      { code: 'UNKNOWN_FACT', path: '$.characteristics[3].expression' },
    ]);
  });

  it('reads catalog inputs by default and a policy symbol table when given one', () => {
    const spec = card();
    spec.characteristics[0].fact = 'dsr';
    expect(codesOf(spec)).toEqual([{ code: 'UNKNOWN_FACT', path: '$.characteristics[0].fact' }]);
    expect(
      validateScorecard(spec, '$.scorecards.behaviour', {
        factType: (name) => (name === 'region' ? 'string' : 'number'),
      }),
    ).toEqual([]);
    expect(validateScorecard({ ...spec, name: '' }, '$.scorecards.behaviour')[0].path).toBe(
      '$.scorecards.behaviour.name',
    );
  });

  it('checks the scaling, the top-level fields and the size', () => {
    expect(codesOf({ ...card(), scaling: { pdo: 0, baseScore: 'x', baseOdds: -1, odds: 1 } })).toEqual([
      { code: 'UNSUPPORTED_FIELD', path: '$.scaling.odds' },
      { code: 'INVALID_VALUE', path: '$.scaling.pdo' },
      { code: 'INVALID_VALUE', path: '$.scaling.baseOdds' },
      { code: 'INVALID_VALUE', path: '$.scaling.baseScore' },
    ]);
    const { scaling: _, ...unscaled } = card();
    expect(codesOf({ ...unscaled, version: 2, basePoints: Number.NaN })).toEqual([
      { code: 'UNSUPPORTED_FIELD', path: '$.version' },
      { code: 'INVALID_VALUE', path: '$.basePoints' },
      { code: 'MISSING_FIELD', path: '$.scaling' },
    ]);
    expect(codesOf({ ...card(), characteristics: [] })).toEqual([
      { code: 'INVALID_TYPE', path: '$.characteristics' },
    ]);
    const many = { ...card(), characteristics: Array.from({ length: 65 }, () => card().characteristics[0]) };
    expect(codesOf(many)).toEqual([{ code: 'TOO_LARGE', path: '$.characteristics' }]);
    expect(codesOf('card')).toEqual([{ code: 'INVALID_TYPE', path: '$' }]);
  });

  it('takes a boolean characteristic that lists both values without an other bin', () => {
    const spec = card();
    spec.characteristics = [
      {
        name: 'flag',
        fact: 'flagged',
        reasonCode: 'FLAGGED',
        bins: [
          { values: [true], points: 0 },
          { values: [false], points: 10 },
          { missing: true, points: 5 },
        ],
      },
    ];
    expect(validateScorecard(spec, '$', { factType: () => 'boolean' })).toEqual([]);
    const scorecard = compileScorecard(spec, { factType: () => 'boolean' });
    expect(scorecard.score({ flagged: false })).toBe(20);
    expect(scorecard.score({ flagged: 'false' })).toBe(15);
  });

  it('makes compileScorecard throw SCORECARD_INVALID with every problem', () => {
    expect(() => compileScorecard(withBins(0, [{ points: 1 }]))).toThrow(
      expect.objectContaining({
        code: 'SCORECARD_INVALID',
        path: '$.characteristics[0].bins',
        problems: [expect.objectContaining({ code: 'SCORECARD_MISSING_BIN' })],
      }),
    );
  });
});

describe('the shipped behaviour scorecard', () => {
  it('scores a healthy line above a delinquent one and names delinquency first', () => {
    const scorecard = compileScorecard(defaultScorecards().behaviour);
    const line = {
      ...healthyLine(),
      currentDpd: 0,
      utilizationAvg6m: 0.3,
      utilizationTrend6m: 0,
      monthsRevolving6m: 6,
      monthsPaidInFull6m: 0,
      monthsWithoutPayment6m: 0,
      averagePayment3m: 2000,
      averagePayment6m: 2000,
    };
    const delinquent = {
      ...line,
      currentDpd: 60,
      monthsDelinquent6m: 3,
      monthsRevolving6m: 3,
      monthsWithoutPayment6m: 2,
    };
    const healthy = scorecard.evaluate(line);
    const late = scorecard.evaluate(delinquent);
    expect(healthy.score).toBeGreaterThan(late.score);
    expect(late.badProbability).toBeGreaterThan(healthy.badProbability);
    expect(late.reasons[0].code).toBe('CURRENTLY_PAST_DUE');
  });
});
