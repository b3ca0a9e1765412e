import { describe, expect, it } from 'vitest';
import admission from '../fixtures/admission.json' with { type: 'json' };
import limit from '../fixtures/limit.json' with { type: 'json' };
import monitoring from '../fixtures/monitoring.json' with { type: 'json' };
import pricing from '../fixtures/pricing.json' with { type: 'json' };
import scorecardAdmission from '../fixtures/scorecard-admission.json' with { type: 'json' };
import scorecardLimit from '../fixtures/scorecard-limit.json' with { type: 'json' };
import scorecardPricing from '../fixtures/scorecard-pricing.json' with { type: 'json' };
import scorecardValidation from '../fixtures/scorecard-validation.json' with { type: 'json' };
import {
  canonicalJson,
  defaultPolicies,
  evaluatePolicy,
  type PolicyDocument,
  type PolicyResult,
  revision,
  validatePolicy,
} from '../src/index.js';
import { AS_OF } from './helpers.js';

/**
 * `{ policy, tests: [{ name, input, expected }] }`. A test with a `policy` of its own validates instead of
 * evaluating: its sections replace the file's policy's, and `expected.errors` lists every error's code and path.
 */
interface Fixture {
  policy: unknown;
  tests: {
    name: string;
    input?: Record<string, unknown>;
    policy?: Record<string, unknown>;
    expected: Record<string, unknown>;
  }[];
}

/** The result in the flat vocabulary fixtures are written in. */
function observed(result: PolicyResult): Record<string, unknown> {
  return {
    outcome: result.outcome,
    reasons: result.reasons.map((reason) => reason.code),
    approvedLimit: result.limit?.approvedLimit,
    affordableLimit: result.limit?.affordableLimit,
    riskTier: result.pricing?.riskTier,
    aprBps: result.pricing?.aprBps,
    termMonths: result.pricing?.termMonths,
    alerts: result.monitoring?.alerts.map((alert) => alert.reason),
    proposedLimit: result.monitoring?.proposedLimit,
    scores: Object.fromEntries(result.trace.scorecards.map((card) => [card.name, card.score])),
    scorecards: result.trace.scorecards,
    messages: result.reasons.map((reason) => reason.message),
  };
}

function runTests(fixture: Fixture) {
  const document = fixture.policy as PolicyDocument;
  it.each(fixture.tests)('$name', async ({ input, policy, expected }) => {
    if (policy !== undefined) {
      const { errors } = validatePolicy({ ...document, ...policy });
      expect(errors.map(({ code, path }) => ({ code, path }))).toEqual(expected.errors);
      return;
    }
    const result = await evaluatePolicy(document, { facts: input ?? {}, asOf: AS_OF });
    const actual = observed(result);
    expect(Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key]]))).toEqual(expected);
    expect(canonicalJson(result)).not.toMatch(/NaN|Infinity/);
  });
}

const defaults: Record<string, Fixture> = { admission, limit, pricing, monitoring };

describe.each(Object.entries(defaults))('fixtures/%s.json', (file, fixture) => {
  const document = fixture.policy as PolicyDocument;

  it('pins the shipped default policy', () => {
    expect(revision(document)).toBe(revision(defaultPolicies()[document.kind]));
  });

  runTests(fixture);

  it(`has cases on both sides of the ${file} thresholds`, () => {
    expect(fixture.tests.length).toBeGreaterThanOrEqual(15);
  });
});

const scorecards: Record<string, Fixture> = {
  'scorecard-admission': scorecardAdmission,
  'scorecard-limit': scorecardLimit,
  'scorecard-pricing': scorecardPricing,
  'scorecard-validation': scorecardValidation,
};

describe.each(Object.entries(scorecards))('fixtures/%s.json', (_file, fixture) => {
  it('holds a valid policy', () => {
    expect(validatePolicy(fixture.policy).errors).toEqual([]);
  });

  runTests(fixture);
});
