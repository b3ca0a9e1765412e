import { isObject, type JsonObject } from '../../common/json';
import type { FactDefinition } from '../../dataProvider/policies';
import type { TryCaseSource } from '../../dataProvider/tryPolicy';

export type TrySource = 'case' | 'decision' | 'borrower' | 'facts';

export const TRY_SOURCES: TrySource[] = ['case', 'decision', 'borrower', 'facts'];

export interface TryFormValues {
  source: TrySource;
  caseSetId?: string;
  caseId?: string;
  decisionId?: string;
  borrowerId?: string;
  requestedAmount?: number;
  termMonths?: number;
  /** JSON text of catalog facts by name. */
  facts?: string;
}

/** The case the form names, in tryPolicy's words; values are validated by the form before this runs. */
export function caseSource(values: TryFormValues): TryCaseSource {
  switch (values.source) {
    case 'case':
      return { caseId: String(values.caseId) };
    case 'decision':
      return { decisionId: String(values.decisionId) };
    case 'borrower':
      return {
        borrowerId: String(values.borrowerId),
        application: {
          requestedAmount: Number(values.requestedAmount).toFixed(2),
          termMonths: Number(values.termMonths),
        },
      };
    case 'facts':
      return { facts: JSON.parse(values.facts ?? '{}') as JsonObject };
  }
}

/** A form validator: typed facts must be one JSON object. Returns an i18n key when they are not. */
export function factsProblem(text: string | undefined): string | undefined {
  try {
    return isObject(JSON.parse(text ?? '')) ? undefined : 'spillway.try.factsNotObject';
  } catch {
    return 'spillway.try.factsNotJson';
  }
}

/** A starting point for typed facts: every catalog fact a case supplies, at its documented example. */
export function exampleFacts(catalog: FactDefinition[]): string {
  const examples = catalog
    .filter((fact) => fact.source !== 'derived' && fact.example != null)
    .map((fact) => [fact.name, fact.example]);
  return JSON.stringify(Object.fromEntries(examples), null, 2);
}
