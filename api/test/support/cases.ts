/** A small synthetic case file and its mapping: scores 600..799 cycle, every seventh case defaulted. */
export const CASE_HEADER = ['ref', 'income', 'score', 'amount', 'defaulted', 'expected'];

export const CASE_MAPPING = {
  version: 1,
  columns: {
    income: { fact: 'monthlyIncome', type: 'number' },
    score: { fact: 'bureauScore' },
    amount: { type: 'number' },
  },
  derived: {
    age: '35',
    employmentMonths: '24',
    monthlyDebtService: '0',
    multiLenderCount: '1',
    inquiries3m: '0',
    maxDpd12m: '0',
  },
  outcome: { column: 'defaulted', defaultValues: ['1'], nonDefaultValues: ['0'], unknownValues: ['?'] },
  application: { requestedAmount: 'amount', termMonths: '12' },
};

/** With an expected outcome per case, for regression suites. */
export const EXPECTING_MAPPING = { ...CASE_MAPPING, expected: { outcome: 'expected' } };

export const caseScore = (i: number) => 600 + (i % 200);

/**
 * `count` rows (case i on file line i + 1); `broken` lines get an unreadable income; `unknown` says which
 * cases have no observed outcome; `expected` gives a case's expected outcome.
 */
export function caseCsv(
  count: number,
  options: { broken?: number[]; unknown?: (i: number) => boolean; expected?: (i: number) => string } = {},
) {
  const lines = [CASE_HEADER.join(',')];
  for (let i = 1; i <= count; i++) {
    const line = i + 1;
    const outcome = options.unknown?.(i) ? '?' : i % 7 === 0 ? 1 : 0;
    lines.push(
      [
        `C-${i}`,
        options.broken?.includes(line) ? 'lots' : 8000 + i,
        caseScore(i),
        10000,
        outcome,
        options.expected?.(i) ?? '',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
