import { describe, expect, it } from 'vitest';
import {
  badProbabilityOf,
  compilePolicy,
  diffPolicies,
  evaluatePipeline,
  evaluatePolicy,
  type PolicyDocument,
  type ScorecardSpec,
} from '../src/index.js';
import { AS_OF, goodApplicant, minimal, policy } from './helpers.js';

const SCALING = { pdo: 20, baseScore: 600, baseOdds: 50 };

function card(characteristics: ScorecardSpec['characteristics']): ScorecardSpec {
  return { name: 'test card', scaling: SCALING, characteristics };
}

const range = (edge: number, below: number, above: number, missing: number) => [
  { max: edge, points: below },
  { min: edge, points: above },
  { missing: true as const, points: missing },
];

describe('scorecards in a policy document', () => {
  it('orders derived facts and cards by what they read, and shows both in the trace', async () => {
    const document = minimal('ADMISSION', {
      facts: { incomeThousands: 'monthlyIncome / 1000', scoreBand: 'floor(riskScore / 50)' },
      scorecards: {
        risk: card([
          {
            name: 'income',
            fact: 'incomeThousands',
            reasonCode: 'LOW_INCOME',
            bins: range(8, 100, 150, 110),
          },
        ]),
      },
      rules: [
        {
          name: 'low-band',
          description: 'reads the card through a derived fact',
          conditions: { all: [{ fact: 'scoreBand', operator: 'lessThan', value: 3 }] },
          event: { type: 'refer', params: { reason: 'LOW_BAND', scoreReasons: 'risk' } },
        },
      ],
    });
    const compiled = compilePolicy(document);
    expect(
      compiled.derivation.map((step) => ('fact' in step ? step.fact.name : `card ${step.scorecard.name}`)),
    ).toEqual(['incomeThousands', 'card risk', 'scoreBand']);
    const result = await evaluatePolicy(compiled, { facts: { monthlyIncome: 5000 }, asOf: AS_OF });
    expect(result.facts).toMatchObject({
      incomeThousands: 5,
      riskScore: 100,
      riskMissingCount: 0,
      scoreBand: 2,
    });
    expect(result.facts.riskBadProbability).toBe(badProbabilityOf(100, SCALING));
    expect(result.reasons.map((reason) => [reason.code, reason.rule])).toEqual([
      ['LOW_BAND', 'low-band'],
      ['LOW_INCOME', 'low-band'],
    ]);
    expect(result.trace.derived.map((fact) => fact.name)).toEqual(['incomeThousands', 'scoreBand']);
    expect(result.trace.scorecards).toMatchObject([
      { name: 'risk', score: 100, points: [{ characteristic: 'income', value: 5, bin: '< 8', points: 100 }] },
    ]);
  });

  it("reads a card's catalog facts only when given (or defaulted): a missing one is its missing bin, not a problem", async () => {
    const document = minimal('ADMISSION', {
      scorecards: {
        risk: card([
          {
            name: 'bureau',
            fact: 'bureauScore',
            reasonCode: 'LOW_BUREAU_SCORE',
            bins: range(600, 10, 30, 15),
          },
          { name: 'limit', fact: 'existingLimit', reasonCode: 'HIGH_LIMIT', bins: range(1, 30, 20, 5) },
        ]),
      },
    });
    const compiled = compilePolicy(document);
    expect(compiled.inputs).toEqual([]);
    expect(compiled.scorecardInputs).toEqual(['bureauScore', 'existingLimit']);
    const result = await evaluatePolicy(compiled, { facts: {}, asOf: AS_OF });
    expect(result.outcome).toBe('APPROVE');
    expect(result.trace.factProblems).toEqual([]);
    // existingLimit defaults to 0 (no line yet); bureauScore has no default
    expect(result.trace.scorecards[0]).toMatchObject({
      score: 45,
      missingCount: 1,
      points: [
        { characteristic: 'bureau', value: null, bin: 'missing', points: 15 },
        { characteristic: 'limit', value: 0, bin: '< 1', points: 30 },
      ],
    });
  });

  it("gives a card's reason once when several fired rules surface it, where it ranks highest", async () => {
    const reasons = { bureau: 'LOW_BUREAU_SCORE' };
    const document = minimal('ADMISSION', {
      scorecards: {
        risk: card([
          { name: 'bureau', fact: 'bureauScore', reasonCode: reasons.bureau, bins: range(600, 10, 30, 15) },
        ]),
      },
      rules: ['decline', 'refer'].map((type, index) => ({
        name: type,
        description: 'both read the score',
        priority: 10 - index,
        conditions: { all: [{ fact: 'riskScore', operator: 'lessThan', value: 20 }] },
        event: { type, params: { reason: type.toUpperCase(), scoreReasons: 'risk' } },
      })),
    });
    const result = await evaluatePolicy(document, { facts: { bureauScore: 550 }, asOf: AS_OF });
    expect(result.reasons.map((reason) => [reason.code, reason.rule])).toEqual([
      ['DECLINE', 'decline'],
      ['LOW_BUREAU_SCORE', 'decline'],
      ['REFER', 'refer'],
    ]);
  });

  it('leaves policies without scorecards as they were: an empty scorecards trace, the same facts', async () => {
    const result = await evaluatePipeline({
      policies: { ADMISSION: policy('ADMISSION'), LIMIT: policy('LIMIT'), PRICING: policy('PRICING') },
      facts: goodApplicant(),
      asOf: AS_OF,
    });
    expect(result.trace.stages.map((stage) => stage.scorecards)).toEqual([[], [], []]);
    expect(Object.keys(result.facts).some((name) => name.endsWith('Score') && name !== 'bureauScore')).toBe(
      false,
    );
  });

  it('diffs a scorecard down to the points of a bin', () => {
    const before = minimal('MONITORING', {
      scorecards: {
        behaviour: card([
          { name: 'dpd', fact: 'currentDpd', reasonCode: 'PAST_DUE', bins: range(30, 60, 20, 40) },
        ]),
      },
    });
    const after = structuredClone(before) as PolicyDocument;
    after.scorecards!.behaviour.characteristics[0].bins[1].points = 25;
    expect(diffPolicies(before, after).sections).toEqual([
      { path: '$.scorecards.behaviour.characteristics[0].bins[1].points', from: 20, to: 25 },
    ]);
  });
});
