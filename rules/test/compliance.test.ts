import { describe, expect, it } from 'vitest';
import {
  affordableLimit,
  type ComplianceBorrower,
  type ComplianceLine,
  compileCompliance,
  compilePolicy,
  defaultPolicies,
  diffPolicies,
  evaluateCompliance,
  type PolicyDocument,
  validatePolicy,
} from '../src/index.js';

const document = defaultPolicies().COMPLIANCE;
const compiled = compileCompliance(document.compliance!);

const line = (id: string, limitMinor: number, extra: Partial<ComplianceLine> = {}): ComplianceLine => ({
  id,
  limitMinor,
  aprBps: 1800,
  termMonths: 12,
  allowedTerms: [3, 6, 12],
  ...extra,
});

const judge = (borrower: Partial<ComplianceBorrower>) =>
  evaluateCompliance(compiled, {
    monthlyIncomeMinor: 100_000_00,
    monthlyDebtServiceMinor: 0,
    lines: [],
    ...borrower,
  });
const checks = (borrower: Partial<ComplianceBorrower>) =>
  judge(borrower).map(
    (finding) => `${finding.check}:${finding.code}${finding.lineId ? `:${finding.lineId}` : ''}`,
  );

describe('compliance checks', () => {
  it('ships a valid default set whose checks name their source', () => {
    expect(validatePolicy(document).errors).toEqual([]);
    expect(compilePolicy(document).compliance?.checks.map((check) => check.id)).toEqual([
      'income-share',
      'total-limit',
      'apr-24-36',
      'apr-above-36',
      'allowed-term',
      'overflow',
    ]);
    for (const check of document.compliance!.checks) expect(check.description.length).toBeGreaterThan(20);
  });

  it('holds limits together to exactly 1/3 of annual income, in fen', () => {
    // 7,500.00 a month: 90,000.00 a year, 1/3 is 30,000.00
    const income = { monthlyIncomeMinor: 7500_00, monthlyDebtServiceMinor: 0 };
    const only = (lines: ComplianceLine[]) =>
      judge({ ...income, lines }).filter((finding) => finding.check === 'income-share');
    expect(only([line('a', 20_000_00), line('b', 10_000_00)])).toEqual([]);
    const [past] = only([line('a', 20_000_00), line('b', 10_000_01)]);
    expect(past).toMatchObject({
      code: 'BREACH',
      lineId: null,
      exposureMinor: 30_000_01,
      facts: {
        totalLimitMinor: 30_000_01,
        annualIncomeMinor: 90_000_00,
        allowedMinor: 30_000_00,
        excessMinor: 1,
      },
    });
  });

  it('reports unknown income as its own finding, never a pass', () => {
    const findings = judge({ monthlyIncomeMinor: null, lines: [line('a', 1_00)] });
    expect(findings.map((finding) => `${finding.check}:${finding.code}`)).toEqual([
      'income-share:INCOME_UNKNOWN',
      'overflow:INCOME_UNKNOWN',
    ]);
    expect(findings[0]).toMatchObject({ exposureMinor: 1_00, facts: { monthlyIncomeMinor: null } });
  });

  it('caps one borrower at RMB 200,000 across lines', () => {
    const rich = { monthlyIncomeMinor: 1_000_000_00 };
    expect(checks({ ...rich, lines: [line('a', 150_000_00), line('b', 50_000_00)] })).toEqual([]);
    const [past] = judge({ ...rich, lines: [line('a', 150_000_00), line('b', 50_000_01)] });
    expect(past).toMatchObject({
      check: 'total-limit',
      exposureMinor: 200_000_01,
      facts: { maxMinor: 200_000_00, excessMinor: 1, lines: 'a,b' },
    });
  });

  it('finds APRs above 24% and at most 36% apart from those above 36%', () => {
    const lines = [
      line('a', 1_000_00, { aprBps: 2400 }),
      line('b', 1_000_00, { aprBps: 2401 }),
      line('c', 1_000_00, { aprBps: 3600 }),
      line('d', 1_000_00, { aprBps: 3601 }),
    ];
    expect(checks({ lines })).toEqual(['apr-24-36:BREACH:b', 'apr-24-36:BREACH:c', 'apr-above-36:BREACH:d']);
  });

  it("finds a term outside the line's product's terms, and leaves an unknown term alone", () => {
    const lines = [
      line('a', 1_000_00, { termMonths: 12 }),
      line('b', 1_000_00, { termMonths: 48 }),
      line('c', 1_000_00, { termMonths: null }),
    ];
    const [finding, ...rest] = judge({ lines });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      check: 'allowed-term',
      lineId: 'b',
      exposureMinor: 1_000_00,
      facts: { termMonths: 48, allowedTerms: [3, 6, 12] },
    });
  });

  it('finds overflow with the capacity function, at and just past the affordable limit', () => {
    const zeroRate = compileCompliance({
      checks: [
        {
          id: 'overflow',
          type: 'OVERFLOW',
          description: 'capacity at a zero rate, where the affordable limit is exact',
          params: { dsrCap: 0.5, aprBps: 0, termMonths: 12 },
        },
      ],
    });
    // room 0.5 x 10,000.00 - 2,000.00 = 3,000.00 a month, x 12 months = 36,000.00
    const borrower = (limits: number[]): ComplianceBorrower => ({
      monthlyIncomeMinor: 10_000_00,
      monthlyDebtServiceMinor: 2_000_00,
      lines: limits.map((limit, index) => line(`l${index}`, limit)),
    });
    expect(evaluateCompliance(zeroRate, borrower([30_000_00, 6_000_00]))).toEqual([]);
    const [past] = evaluateCompliance(zeroRate, borrower([30_000_00, 6_000_01]));
    expect(past.facts).toMatchObject({ affordableLimitMinor: 36_000_00, excessMinor: 1 });
    // the default set's 24% over 12 months: the same affordableLimit, floored to the fen
    const affordableMinor = Math.floor(affordableLimit(10_000, 2_000, 0.5, 2400, 12) * 100);
    const at = { monthlyIncomeMinor: 10_000_00, monthlyDebtServiceMinor: 2_000_00 };
    expect(checks({ ...at, lines: [line('a', affordableMinor)] })).toEqual([]);
    expect(checks({ ...at, lines: [line('a', affordableMinor + 1)] })).toEqual(['overflow:BREACH']);
  });

  it('refuses a bad check set with every problem and its path', () => {
    const bad = {
      ...document,
      compliance: {
        checks: [
          { id: 'a', type: 'INCOME_SHARE', description: 'x', params: { numerator: 0, denominator: 3 } },
          { id: 'a', type: 'APR_BAND', description: 'x', params: { aboveBps: 3600, atMostBps: 2400 } },
          { id: 'c', type: 'NOPE', description: 'x', params: {} },
          { id: 'd', type: 'TOTAL_LIMIT', description: '', params: { maxAmount: 0.001 } },
        ],
      },
    } as unknown as PolicyDocument;
    expect(validatePolicy(bad).errors.map((problem) => `${problem.code} ${problem.path}`)).toEqual([
      'VALUE_OUT_OF_RANGE $.compliance.checks[0].params.numerator',
      'DUPLICATE_NAME $.compliance.checks[1].id',
      'VALUE_OUT_OF_RANGE $.compliance.checks[1].params.atMostBps',
      'INVALID_VALUE $.compliance.checks[2].type',
      'MISSING_FIELD $.compliance.checks[3].description',
      'VALUE_OUT_OF_RANGE $.compliance.checks[3].params.maxAmount',
    ]);
    expect(() => compileCompliance(bad.compliance!)).toThrow(/numerator/);
  });

  it('shows a changed parameter in the diff', () => {
    const after = structuredClone(document);
    after.compliance!.checks[1].params.maxAmount = 100_000;
    expect(diffPolicies(document, after).sections).toEqual([
      { path: '$.compliance.checks[1].params.maxAmount', from: 200_000, to: 100_000 },
    ]);
  });

  it('refuses money that is not whole fen', () => {
    expect(() => judge({ monthlyIncomeMinor: 1.5 })).toThrow(/whole fen/);
  });
});
