import { describe, expect, it } from 'vitest';
import type { FactDefinition } from '../../dataProvider/policies';
import { factOptions, referencedFacts } from './factOptions';

const catalogFact = (name: string, source: string, unit: string | null = null): FactDefinition => ({
  id: name,
  name,
  type: 'number',
  unit,
  description: '',
  source,
  example: null,
  default: null,
});

describe('fact options', () => {
  it('finds the facts conditions compare, on either side, at any depth', () => {
    const document = {
      rules: [
        { conditions: { all: [{ fact: 'dsr', operator: 'greaterThan', value: { fact: 'dsrCeiling' } }] } },
        { conditions: { not: { any: [{ fact: 'age', operator: 'lessThan', value: 18 }] } } },
        'not a rule',
      ],
    };
    expect(referencedFacts(document).sort()).toEqual(['age', 'dsr', 'dsrCeiling']);
    expect(referencedFacts({ rules: 'none' })).toEqual([]);
  });

  it('offers the catalog, then the derived facts of the document, then unknown names it uses', () => {
    const catalog = [catalogFact('monthlyIncome', 'profile', 'CNY'), catalogFact('dsr', 'derived')];
    const document = {
      facts: { dsr: 'x', spare: 'monthlyIncome - 1', flag: { expression: 'dsr > 1', type: 'boolean' } },
      rules: [{ conditions: { all: [{ fact: 'shoeSize', operator: 'equal', value: 42 }] } }],
    };
    expect(factOptions(catalog, document)).toEqual([
      { name: 'monthlyIncome', label: 'monthlyIncome (CNY)', type: 'number', source: 'profile' },
      { name: 'dsr', label: 'dsr', type: 'number', source: 'derived' },
      { name: 'spare', label: 'spare', type: 'number', source: 'document' },
      { name: 'flag', label: 'flag', type: 'boolean', source: 'document' },
      { name: 'shoeSize', label: 'shoeSize', type: undefined, source: 'unknown' },
    ]);
  });

  it("offers a scorecard's facts as the document's own, not as unknown names", () => {
    const document = {
      scorecards: { behaviour: { name: 'behaviour' } },
      rules: [{ conditions: { all: [{ fact: 'behaviourScore', operator: 'lessThan', value: 540 }] } }],
    };
    expect(factOptions([], document)).toEqual([
      { name: 'behaviourScore', label: 'behaviourScore', type: 'number', source: 'document' },
      {
        name: 'behaviourBadProbability',
        label: 'behaviourBadProbability',
        type: 'number',
        source: 'document',
      },
      { name: 'behaviourMissingCount', label: 'behaviourMissingCount', type: 'number', source: 'document' },
    ]);
  });
});
