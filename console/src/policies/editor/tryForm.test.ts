import { describe, expect, it } from 'vitest';
import type { FactDefinition } from '../../dataProvider/policies';
import { caseSource, exampleFacts, factsProblem } from './tryForm';
import { parseDocument } from './useDraftDocument';

describe('the try form', () => {
  it("names the case in tryPolicy's words", () => {
    expect(caseSource({ source: 'case', caseSetId: 's', caseId: 'c' })).toEqual({ caseId: 'c' });
    expect(caseSource({ source: 'decision', decisionId: 'd' })).toEqual({ decisionId: 'd' });
    expect(
      caseSource({ source: 'borrower', borrowerId: 'b', requestedAmount: 20000, termMonths: 12 }),
    ).toEqual({
      borrowerId: 'b',
      application: { requestedAmount: '20000.00', termMonths: 12 },
    });
    expect(caseSource({ source: 'facts', facts: '{"bureauScore": 600}' })).toEqual({
      facts: { bureauScore: 600 },
    });
  });

  it('accepts typed facts only as one JSON object', () => {
    expect(factsProblem('{"age": 30}')).toBeUndefined();
    expect(factsProblem('[1]')).toBe('spillway.try.factsNotObject');
    expect(factsProblem('{age: 30}')).toBe('spillway.try.factsNotJson');
    expect(factsProblem(undefined)).toBe('spillway.try.factsNotJson');
  });

  it('starts typed facts from the examples of the facts a case supplies', () => {
    const fact = (name: string, source: string, example: unknown) =>
      ({ id: name, name, source, example }) as FactDefinition;
    const catalog = [
      fact('age', 'profile', 32),
      fact('dsr', 'derived', 0.3),
      fact('region', 'profile', null),
    ];
    expect(JSON.parse(exampleFacts(catalog))).toEqual({ age: 32 });
  });
});

describe('the JSON editor', () => {
  it('takes a JSON object as the document and says why anything else is not one', () => {
    expect(parseDocument('{"kind": "LIMIT"}')).toEqual({ document: { kind: 'LIMIT' } });
    expect(parseDocument('[]')).toEqual({ error: 'A policy document is a JSON object' });
    expect(parseDocument('{"kind": ')).toHaveProperty('error');
  });
});
