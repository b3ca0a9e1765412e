import { describe, expect, it } from 'vitest';
import admission from '../fixtures/admission.json' with { type: 'json' };
import limit from '../fixtures/limit.json' with { type: 'json' };
import monitoring from '../fixtures/monitoring.json' with { type: 'json' };
import pricing from '../fixtures/pricing.json' with { type: 'json' };
import {
  canonicalJson,
  defaultPolicies,
  evaluatePolicy,
  type PolicyDocument,
  type PolicyResult,
  revision,
} from '../src/index.js';
import { AS_OF } from './helpers.js';

interface Fixture {
  policy: unknown;
  tests: { name: string; input: Record<string, unknown>; expected: Record<string, unknown> }[];
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
  };
}

const fixtures: Record<string, Fixture> = { admission, limit, pricing, monitoring };

describe.each(Object.entries(fixtures))('fixtures/%s.json', (file, fixture) => {
  const document = fixture.policy as PolicyDocument;

  it('pins the shipped default policy', () => {
    expect(revision(document)).toBe(revision(defaultPolicies()[document.kind]));
  });

  it.each(fixture.tests)('$name', async ({ input, expected }) => {
    const result = await evaluatePolicy(document, { facts: input, asOf: AS_OF });
    const actual = observed(result);
    expect(Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key]]))).toEqual(expected);
    expect(canonicalJson(result)).not.toMatch(/NaN|Infinity/);
  });

  it(`has cases on both sides of the ${file} thresholds`, () => {
    expect(fixture.tests.length).toBeGreaterThanOrEqual(15);
  });
});
