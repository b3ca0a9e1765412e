import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import taiwan from '../../api/seed/taiwan-credit-default.mapping.json' with { type: 'json' };
import {
  type CaseMapping,
  canonicalJson,
  compileMapping,
  type MappedCase,
  mapRow,
  PolicyError,
  validateMapping,
} from '../src/index.js';

const TAIWAN_HEADER =
  'ID,LIMIT_BAL,SEX,EDUCATION,MARRIAGE,AGE,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6,BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_AMT4,PAY_AMT5,PAY_AMT6,default_payment_next_month'.split(
    ',',
  );
/** Row 1 of the Taiwan file (line 2). */
const FIRST_ROW = '1,20000,2,2,1,24,2,2,-1,-1,-2,-2,3913,3102,689,0,0,0,0,689,0,0,0,0,1'.split(',');
const row = (cells: string[]) => Object.fromEntries(TAIWAN_HEADER.map((column, i) => [column, cells[i]]));

function small(overrides: Partial<CaseMapping> = {}): CaseMapping {
  return {
    version: 1,
    columns: {
      income: { fact: 'monthlyIncome', scale: 0.25 },
      debts: { fact: 'monthlyDebtService' },
      years: { fact: 'age' },
      late: { type: 'integer' },
    },
    derived: { maxDpd12m: 'late * 30' },
    outcome: { column: 'bad', defaultValues: ['Y'], nonDefaultValues: ['N'] },
    application: { requestedAmount: 'income * 2', termMonths: '12' },
    ...overrides,
  };
}
const SMALL_HEADER = ['income', 'debts', 'years', 'late', 'bad'];
const codes = (mapping: unknown, header?: string[]) =>
  validateMapping(mapping, header).errors.map((problem) => [problem.code, problem.path]);

describe('validateMapping', () => {
  it('accepts the shipped Taiwan mapping against the file header', () => {
    expect(validateMapping(taiwan, TAIWAN_HEADER)).toEqual({ valid: true, errors: [] });
  });

  it('accepts a small mapping', () => {
    expect(validateMapping(small(), SMALL_HEADER).valid).toBe(true);
  });

  it('reports an unknown catalog fact, column and identifier with paths', () => {
    const mapping = small({
      columns: { ...small().columns, salary: { fact: 'salary' } },
      derived: { maxDpd12m: 'late * 30', riskScore: '1', bureauScore: 'lateness * 2' },
    });
    expect(codes(mapping, SMALL_HEADER)).toEqual([
      ['UNKNOWN_COLUMN', '$.columns.salary'],
      ['UNKNOWN_FACT', '$.columns.salary.fact'],
      ['UNKNOWN_FACT', '$.derived.riskScore'],
      ['UNKNOWN_IDENTIFIER', '$.derived.bureauScore'],
    ]);
  });

  it('gives the position of a syntax error in an expression', () => {
    const [problem] = validateMapping(small({ derived: { maxDpd12m: 'max(late, 0 * 30' } })).errors;
    expect(problem).toMatchObject({ code: 'EXPRESSION_SYNTAX', path: '$.derived.maxDpd12m' });
    expect(problem.position).toBe(17);
    const [unknown] = validateMapping(
      small({ derived: { maxDpd12m: 'latest + late * 30 + lateness' } }),
    ).errors;
    expect(unknown).toMatchObject({ code: 'UNKNOWN_IDENTIFIER', position: 1 });
    const [second] = validateMapping(small({ derived: { maxDpd12m: 'late * 30 + lateness' } })).errors;
    expect(second).toMatchObject({ code: 'UNKNOWN_IDENTIFIER', position: 13 });
    const [forbidden] = validateMapping(small({ derived: { maxDpd12m: 'late.days * 30' } })).errors;
    expect(forbidden).toMatchObject({ code: 'FORBIDDEN_SYNTAX', position: 1 });
  });

  it('rejects application facts, duplicates, cycles and a bad outcome section', () => {
    const mapping = {
      ...small(),
      columns: { ...small().columns, amount: { fact: 'requestedAmount' }, other: { fact: 'age' } },
      variables: { a: 'b + 1', b: 'a + 1' },
      outcome: { column: 'result', defaultValues: [] },
    };
    expect(codes(mapping, SMALL_HEADER)).toEqual([
      ['UNKNOWN_COLUMN', '$.columns.amount'],
      ['RESERVED_FACT', '$.columns.amount.fact'],
      ['UNKNOWN_COLUMN', '$.columns.other'],
      ['DUPLICATE_FACT', '$.columns.other.fact'],
      ['NAME_CONFLICT', '$.columns.other.fact'],
      ['MAPPING_CYCLE', '$.variables.a'],
      ['UNKNOWN_COLUMN', '$.outcome.column'],
      ['INVALID_VALUE', '$.outcome.defaultValues'],
    ]);
  });

  it('rejects what is not a mapping at all', () => {
    expect(codes(null)).toEqual([['INVALID_MAPPING', '$']]);
    expect(codes({ version: 2 }).map(([code]) => code)).toEqual([
      'UNSUPPORTED_VERSION',
      'MISSING_FIELD',
      'MISSING_FIELD',
      'MISSING_FIELD',
    ]);
  });

  it('compileMapping throws MAPPING_INVALID with every problem', () => {
    try {
      compileMapping(small({ derived: { nope: '1' } }), SMALL_HEADER);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyError);
      expect((error as PolicyError).code).toBe('MAPPING_INVALID');
      expect((error as PolicyError).problems?.map((problem) => problem.code)).toEqual(['UNKNOWN_FACT']);
    }
  });
});

describe('mapRow', () => {
  it('maps the first Taiwan row to hand-computed facts', () => {
    const mapped = mapRow(compileMapping(taiwan, TAIWAN_HEADER), row(FIRST_ROW), 2) as MappedCase;
    // NT$ at 4 per CNY: limit 20,000 -> 5,000; September balance 3,913 -> 978.25
    expect(mapped.facts).toMatchObject({
      existingLimit: 5000,
      age: 24,
      drawnBalance: 978.25,
      monthlyDebtService: 0,
      utilization3mAgo: 0,
      balanceTrend: 1,
      paymentRatioPrior: 1,
      monthsDelinquent6m: 2,
      monthsDelinquentPrior6m: 0,
      currentDpd: 60,
      maxDpd12m: 60,
      // 800 - 70 * 2 months - 10 * 2 delinquent months - 100 * 0.19565 utilisation
      bureauScore: 620,
      multiLenderCount: 1,
      inquiries3m: 0,
      employmentMonths: 24,
      incomeChange: 0,
    });
    expect(mapped.facts.utilization).toBeCloseTo(3913 / 20000, 12);
    expect(mapped.facts.monthlyIncome).toBeCloseTo(5000 / 3, 9);
    // paid 689 of statements 3,102 + 689 + 0
    expect(mapped.facts.paymentRatio).toBeCloseTo(689 / 3791, 12);
    expect(mapped.application).toEqual({ requestedAmount: 5000, termMonths: 12 });
    expect(mapped.observedDefault).toBe(true);
    expect(mapped.expected).toBeUndefined();
  });

  it('maps a small row with scale, defaults and expected decisions', () => {
    const compiled = compileMapping(
      small({
        columns: { ...small().columns, debts: { fact: 'monthlyDebtService', default: 0 } },
        expected: { outcome: 'decision', approvedLimit: 'income * 3' },
      }),
      [...SMALL_HEADER, 'decision'],
    );
    const mapped = mapRow(
      compiled,
      { income: ' 40000 ', debts: '', years: '30', late: '1', bad: 'N', decision: 'approve' },
      7,
    );
    expect(mapped).toEqual({
      facts: { age: 30, maxDpd12m: 30, monthlyDebtService: 0, monthlyIncome: 10000 },
      application: { requestedAmount: 20000, termMonths: 12 },
      observedDefault: false,
      expected: { outcome: 'APPROVE', approvedLimit: 30000 },
    });
  });

  it('reads the application time as an instant, refusing one without its zone', () => {
    const mapping = small({ application: { ...small().application, appliedAt: 'applied' } });
    expect(codes(mapping, SMALL_HEADER)).toEqual([['UNKNOWN_COLUMN', '$.application.appliedAt']]);
    expect(codes({ ...mapping, application: { ...mapping.application, appliedAt: 3 } })).toEqual([
      ['INVALID_TYPE', '$.application.appliedAt'],
    ]);
    const compiled = compileMapping(mapping, [...SMALL_HEADER, 'applied']);
    const cells = { income: '40000', debts: '0', years: '30', late: '0', bad: 'N' };
    const mapped = mapRow(compiled, { ...cells, applied: '2026-12-03 09:15:00+08:00' }, 2) as MappedCase;
    expect(mapped.application).toEqual({
      requestedAmount: 20000,
      termMonths: 12,
      appliedAt: '2026-12-03T01:15:00.000Z',
    });
    expect(mapRow(compiled, { ...cells, applied: '2026-12-03 09:15:00' }, 3)).toEqual({
      errors: [
        expect.objectContaining({
          line: 3,
          column: 'applied',
          path: '$.application.appliedAt',
          code: 'INVALID_VALUE',
        }),
      ],
    });
  });

  it('expects nothing of a row whose expected cells are all empty', () => {
    const compiled = compileMapping(small({ expected: { outcome: 'decision' } }), [
      ...SMALL_HEADER,
      'decision',
    ]);
    const mapped = mapRow(
      compiled,
      { income: '40000', debts: '0', years: '30', late: '0', bad: 'N', decision: '' },
      3,
    );
    expect(mapped).not.toHaveProperty('errors');
    expect(mapped).not.toHaveProperty('expected');
  });

  it('reports every bad cell with line and column, and not its consequences', () => {
    const compiled = compileMapping(small(), SMALL_HEADER);
    const result = mapRow(compiled, { income: '12k', debts: '', years: '30.5', bad: 'maybe' }, 42);
    expect(result).toEqual({
      errors: [
        {
          line: 42,
          column: 'income',
          path: '$.columns.income',
          code: 'INVALID_NUMBER',
          message: "'12k' is not a number",
        },
        {
          line: 42,
          column: 'debts',
          path: '$.columns.debts',
          code: 'MISSING_VALUE',
          message: 'debts is empty and has no default',
        },
        {
          line: 42,
          column: 'years',
          path: '$.columns.years',
          code: 'INVALID_INTEGER',
          message: "'30.5' is not a whole number",
        },
        {
          line: 42,
          column: 'late',
          path: '$.columns.late',
          code: 'MISSING_COLUMN',
          message: 'the row has no column late',
        },
        {
          line: 42,
          column: 'bad',
          path: '$.outcome.column',
          code: 'INVALID_OUTCOME',
          message: "'maybe' is neither a default nor a non-default value of bad",
        },
      ],
    });
  });

  it('turns a non-finite or fractional result into an error, never a value', () => {
    const compiled = compileMapping(
      small({
        derived: { maxDpd12m: 'late * 30', utilization: 'late / (years - 30)', inquiries3m: 'late / 2' },
      }),
      SMALL_HEADER,
    );
    const result = mapRow(compiled, { income: '1', debts: '0', years: '30', late: '1', bad: '' }, 3);
    expect('errors' in result && result.errors.map((error) => [error.path, error.code])).toEqual([
      ['$.derived.utilization', 'EXPRESSION_FAILED'],
      ['$.derived.inquiries3m', 'EXPRESSION_FAILED'],
    ]);
  });

  it('reads an empty outcome as unknown', () => {
    const compiled = compileMapping(small(), SMALL_HEADER);
    const mapped = mapRow(
      compiled,
      { income: '1', debts: '0', years: '30', late: '0', bad: ' ' },
      3,
    ) as MappedCase;
    expect(mapped.observedDefault).toBeNull();
  });

  it('never throws and never outputs NaN, whatever the cells', () => {
    const compiled = compileMapping(taiwan, TAIWAN_HEADER);
    // mostly numbers, so that many rows map and their values are checked, not only their errors
    const cell = fc.oneof(
      { arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String), weight: 40 },
      { arbitrary: fc.constantFrom('-0', '0', '0.5', '1e300'), weight: 4 },
      { arbitrary: fc.constantFrom('', 'NaN', 'Infinity', '1e400'), weight: 1 },
      { arbitrary: fc.string(), weight: 1 },
    );
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: TAIWAN_HEADER.length, maxLength: TAIWAN_HEADER.length }),
        (cells) => {
          const result = mapRow(compiled, row(cells), 2);
          if ('errors' in result) {
            expect(result.errors.length).toBeGreaterThan(0);
            expect(result.errors.every((error) => error.line === 2)).toBe(true);
            return;
          }
          // canonicalJson throws on NaN or Infinity anywhere
          expect(() => canonicalJson(result)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports a value outside its fact domain as FACT_OUT_OF_DOMAIN, with line and column', () => {
    const compiled = compileMapping(small(), SMALL_HEADER);
    const result = mapRow(
      compiled,
      { income: '40000', debts: '-5000', years: '200', late: '20', bad: 'N' },
      9,
    );
    expect(result).toEqual({
      errors: [
        {
          line: 9,
          column: 'debts',
          path: '$.columns.debts',
          code: 'FACT_OUT_OF_DOMAIN',
          message: 'monthlyDebtService must be at least 0, got -5000',
        },
        {
          line: 9,
          column: 'years',
          path: '$.columns.years',
          code: 'FACT_OUT_OF_DOMAIN',
          message: 'age must be at most 130, got 200',
        },
        {
          line: 9,
          column: null,
          path: '$.derived.maxDpd12m',
          code: 'FACT_OUT_OF_DOMAIN',
          message: 'maxDpd12m must be at most 365, got 600',
        },
      ],
    });
  });

  it('checks the application against its domain too', () => {
    const compiled = compileMapping(
      small({ application: { requestedAmount: 'income * 2', termMonths: '400' } }),
      SMALL_HEADER,
    );
    const result = mapRow(compiled, { income: '0', debts: '0', years: '30', late: '0', bad: 'N' }, 4);
    expect(
      'errors' in result && result.errors.map((error) => [error.path, error.code, error.message]),
    ).toEqual([
      [
        '$.application.requestedAmount',
        'FACT_OUT_OF_DOMAIN',
        'requestedAmount must be greater than 0, got 0',
      ],
      ['$.application.termMonths', 'FACT_OUT_OF_DOMAIN', 'termMonths must be at most 360, got 400'],
    ]);
  });

  it('never echoes a whole huge cell in a message', () => {
    const compiled = compileMapping(small({ columns: { ...small().columns, region: { fact: 'region' } } }), [
      ...SMALL_HEADER,
      'region',
    ]);
    const huge = 'x'.repeat(1_000_000);
    const result = mapRow(
      compiled,
      { income: huge, debts: '0', years: '30', late: '0', bad: huge, region: huge },
      5,
    );
    expect('errors' in result && result.errors.map((error) => error.code)).toEqual([
      'INVALID_NUMBER',
      'FACT_OUT_OF_DOMAIN',
      'INVALID_OUTCOME',
    ]);
    for (const error of 'errors' in result ? result.errors : [])
      expect(error.message.length).toBeLessThan(160);
  });

  it('refuses reserved names for variables', () => {
    expect(codes(small({ variables: { constructor: '1' } as never }), SMALL_HEADER)).toEqual([
      ['RESERVED_NAME', '$.variables.constructor'],
    ]);
  });
});
