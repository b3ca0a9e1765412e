import { validateMapping } from '@spillway/rules';
import { HttpError } from 'react-admin';
import { describe, expect, it } from 'vitest';
import type { FactDefinition } from '../../dataProvider/policies';
import {
  buildMapping,
  detectFormat,
  importFailure,
  initialColumns,
  type MappingForm,
  readHeader,
} from './mapping';

const fact = (name: string, source = 'bureau'): FactDefinition => ({
  id: name,
  name,
  type: 'number',
  unit: null,
  description: '',
  source,
  example: null,
  default: null,
});

describe('reading the file in the browser', () => {
  it('reads a CSV header with quotes, a BOM and CRLF line ends', () => {
    expect(readHeader('\uFEFFref, "score" ,"a,b","say ""hi"""\r\n1,2,3,4\r\n', 'CSV')).toEqual([
      'ref',
      'score',
      'a,b',
      'say "hi"',
    ]);
    expect(readHeader('', 'CSV')).toEqual([]);
  });

  it("reads the first JSONL object's keys, and nothing from a line that is not an object", () => {
    expect(readHeader('\n{"ref":"A","score":600}\n{"ref":"B"}\n', 'JSONL')).toEqual(['ref', 'score']);
    expect(readHeader('[1,2]\n', 'JSONL')).toEqual([]);
    expect(readHeader('{oops\n', 'JSONL')).toEqual([]);
  });

  it('tells the format from the name, else from the content', () => {
    expect(detectFormat('cases.jsonl', 'a,b')).toBe('JSONL');
    expect(detectFormat('cases.CSV', '{"a":1}')).toBe('CSV');
    expect(detectFormat(null, ' {"a":1}')).toBe('JSONL');
    expect(detectFormat(null, 'a,b')).toBe('CSV');
  });

  it('maps columns named like catalog facts, never to application facts', () => {
    const columns = initialColumns(
      ['bureau_score', 'requestedAmount', 'ID'],
      [fact('bureauScore'), fact('requestedAmount', 'application')],
    );
    expect(columns.map((column) => [column.column, column.role, column.fact])).toEqual([
      ['bureau_score', 'fact', 'bureauScore'],
      ['requestedAmount', 'ignore', ''],
      ['ID', 'ignore', ''],
    ]);
  });
});

const form = (): MappingForm => ({
  columns: [
    { column: 'ref', role: 'ignore', fact: '', type: '', scale: '', default: '' },
    { column: 'income', role: 'fact', fact: 'monthlyIncome', type: 'number', scale: '0.25', default: '' },
    { column: 'score', role: 'fact', fact: 'bureauScore', type: '', scale: '', default: '600' },
    { column: 'amount', role: 'input', fact: '', type: 'number', scale: '', default: '' },
  ],
  constants: [
    { fact: 'age', expression: ' 35 ' },
    { fact: '', expression: '1' },
  ],
  outcomeColumn: 'defaulted',
  defaultValues: '1, yes',
  nonDefaultValues: '0,',
  requestedAmount: 'amount',
  termMonths: '12',
  expected: { outcome: 'decision', approvedLimit: '', aprBps: '', riskTier: '' },
});

describe('the mapping document', () => {
  it('is built from the form as rules/ reads it', () => {
    expect(buildMapping(form())).toEqual({
      version: 1,
      columns: {
        income: { fact: 'monthlyIncome', type: 'number', scale: 0.25 },
        score: { fact: 'bureauScore', default: '600' },
        amount: { type: 'number' },
      },
      derived: { age: '35' },
      outcome: { column: 'defaulted', defaultValues: ['1', 'yes'], nonDefaultValues: ['0'] },
      expected: { outcome: 'decision' },
      application: { requestedAmount: 'amount', termMonths: '12' },
    });
  });

  it('leaves optional sections out and validates against the header', () => {
    const bare = {
      ...form(),
      constants: [],
      nonDefaultValues: '',
      expected: { outcome: '', approvedLimit: '', aprBps: '', riskTier: '' },
    };
    const mapping = buildMapping(bare);
    expect(Object.keys(mapping)).toEqual(['version', 'columns', 'outcome', 'application']);
    const header = ['ref', 'income', 'score', 'amount', 'defaulted'];
    expect(
      validateMapping(mapping, header).errors.filter((error) => error.code === 'UNKNOWN_COLUMN'),
    ).toEqual([]);
    const missing = validateMapping(mapping, ['ref', 'income']).errors.map((error) => error.code);
    expect(missing).toContain('UNKNOWN_COLUMN');
  });
});

describe('a refused import', () => {
  it("reads row errors and failed rows from the error's extensions", () => {
    const rowErrors = [
      { line: 3, column: 'score', path: '$.columns.score', code: 'INVALID_NUMBER', message: 'x' },
    ];
    const error = new HttpError('1 row(s) failed to map', 400, {
      errors: [{ extensions: { code: 'BAD_USER_INPUT', reason: 'ROWS_INVALID', failedRows: 1, rowErrors } }],
    });
    expect(importFailure(error)).toEqual({
      message: '1 row(s) failed to map',
      reason: 'ROWS_INVALID',
      failedRows: 1,
      rowErrors,
      problems: [],
    });
  });

  it('reads the problems of a bad mapping, and copes with an error without extensions', () => {
    const problems = [
      { code: 'UNKNOWN_FACT', path: '$.columns.x', message: 'no such fact', severity: 'error' },
    ];
    const error = new HttpError('mapping invalid', 400, {
      errors: [{ extensions: { reason: 'MAPPING_INVALID', problems } }],
    });
    expect(importFailure(error).problems).toEqual(problems);
    expect(importFailure(new Error('offline'))).toEqual({
      message: 'offline',
      reason: null,
      failedRows: null,
      rowErrors: [],
      problems: [],
    });
  });
});
