/** What the wizard reads of a catalog fact: the API's catalog and rules' alike. */
interface FactDefinition {
  name: string;
  type: string;
  source: string;
}

import type { FitCandidate, StartScorecardFitParams } from '../dataProvider/scorecardFits';

/** The wizard's answers, as typed: numbers stay text until the fit is started. */
export interface FitForm {
  caseSetId: string;
  /** Empty: the product's MONITORING policy. */
  policyId: string;
  name: string;
  /** `observedDefault`, or a yes/no (or 0/1) fact of the cases. */
  outcome: string;
  facts: string[];
  derived: { name: string; expression: string }[];
  /** Percent held out. */
  testPercent: string;
  seed: string;
}

export const OBSERVED_DEFAULT = 'observedDefault';

export const emptyFitForm = (): FitForm => ({
  caseSetId: '',
  policyId: '',
  name: 'behaviour',
  outcome: OBSERVED_DEFAULT,
  facts: [],
  derived: [],
  testPercent: '30',
  seed: '1',
});

/** A characteristic's reason code from its name: utilizationAvg6m -> UTILIZATION_AVG6M. */
export function reasonCodeOf(name: string): string {
  const code = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z]/.test(code) ? code : `C_${code}`;
}

/** Facts a case carries that a card can score: inputs, not the policy's own derived facts. */
export const candidateFacts = (catalog: readonly FactDefinition[]) =>
  catalog.filter((fact) => fact.source !== 'derived');

/** Facts that can be an outcome: yes/no, or whole numbers the API checks are 0 or 1 on every case. */
export const outcomeFacts = (catalog: readonly FactDefinition[]) =>
  candidateFacts(catalog).filter((fact) => fact.type === 'boolean' || fact.type === 'integer');

export function candidatesOf(form: FitForm): FitCandidate[] {
  return [
    ...form.facts.map((fact) => ({ name: fact, fact, reasonCode: reasonCodeOf(fact) })),
    ...form.derived
      .filter((row) => row.name.trim() !== '' || row.expression.trim() !== '')
      .map((row) => ({
        name: row.name.trim(),
        expression: row.expression.trim(),
        reasonCode: reasonCodeOf(row.name.trim()),
      })),
  ];
}

/** The mutation's input; the API checks every value and answers a bad one with its path. */
export function fitParams(form: FitForm): StartScorecardFitParams {
  const share = Number(form.testPercent) / 100;
  const seed = Number(form.seed);
  return {
    caseSetId: form.caseSetId,
    ...(form.policyId ? { policyId: form.policyId } : {}),
    name: form.name.trim(),
    ...(form.outcome !== OBSERVED_DEFAULT ? { outcome: form.outcome } : {}),
    characteristics: candidatesOf(form),
    ...(form.testPercent.trim() !== '' && Number.isFinite(share) ? { testShare: share } : {}),
    ...(form.seed.trim() !== '' && Number.isInteger(seed) ? { seed } : {}),
  };
}
