import { defaultPolicies } from '@spillway/rules';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../common/json';
import { submitBlocker } from '../workflow/VersionWorkflow';
import { decisionTable, describeConditions, parameterUses } from './decisionTable';

const admission = defaultPolicies().ADMISSION as unknown as JsonObject;

const words = {
  fact: (name: string) => name,
  operator: (name: string) => ({ lessThan: '<', greaterThanInclusive: '≥' })[name] ?? name,
  value: (_fact: string, value: unknown) => String(value),
  all: 'and',
  any: 'or',
  not: 'not',
};

describe('the rules as a decision table', () => {
  it('gives each flat rule a row and each fact it compares a column, with the paths to edit', () => {
    const table = decisionTable(admission);
    expect(table.rows).toHaveLength((admission.rules as unknown[]).length);
    expect(table.facts).toContain('bureauScore');
    const low = table.rows.find((row) => row.rule.name === 'low-bureau-score');
    const [comparison] = low?.cells?.get('bureauScore') ?? [];
    expect(comparison).toMatchObject({ operator: 'lessThan', value: { param: 'minBureauScore' } });
    expect(comparison.path.slice(0, 3)).toEqual(['rules', low?.index, 'conditions']);
  });

  it('shows a rule of groups whole, for the Rules tab to edit', () => {
    const table = decisionTable({
      rules: [{ name: 'either', conditions: { any: [{ fact: 'age', operator: 'lessThan', value: 18 }] } }],
    });
    expect(table.rows[0].cells).toBeNull();
    expect(table.facts).toEqual([]);
  });

  it('counts the comparisons a parameter feeds', () => {
    expect(parameterUses(admission, 'minBureauScore')).toBeGreaterThanOrEqual(2);
    expect(parameterUses(admission, 'nothing')).toBe(0);
  });

  it('words conditions with their thresholds, parameters resolved', () => {
    const text = describeConditions(
      {
        all: [
          { fact: 'bureauScore', operator: 'lessThan', value: { param: 'minBureauScore' } },
          {
            any: [
              { fact: 'age', operator: 'greaterThanInclusive', value: 60 },
              { not: { fact: 'region', operator: 'in', value: ['XJ'] } },
            ],
          },
        ],
      },
      words,
      { minBureauScore: 550 },
    );
    expect(text).toBe('bureauScore < 550 and (age ≥ 60 or not (region in XJ))');
  });
});

describe('submitting a draft', () => {
  const policy = { id: 'p', kind: 'ADMISSION' as const, productKey: 'cash-line', publishedVersion: null };
  const published = { ...policy, publishedVersion: { id: 'v1', number: 1, revision: 'r1', document: {} } };

  it('waits for the changes to be saved, the errors fixed, and a change to review', () => {
    expect(submitBlocker({ revision: 'r2', policy: published }, true, 0)).toBe('spillway.workflow.saveFirst');
    expect(submitBlocker({ revision: 'r2', policy: published }, false, 2)).toBe(
      'spillway.workflow.fixErrors',
    );
    expect(submitBlocker({ revision: 'r1', policy: published }, false, 0)).toBe(
      'spillway.workflow.noChanges',
    );
    expect(submitBlocker({ revision: 'r2', policy: published }, false, 0)).toBeNull();
    expect(submitBlocker({ revision: 'r2', policy }, false, 0)).toBeNull();
  });
});
