/**
 * Scorecards inside a policy document: the facts each card yields and what it reads. A card named
 * `behaviour` in the document's `scorecards` yields `behaviourScore`, `behaviourBadProbability` and
 * `behaviourMissingCount`; the validator refuses a card whose facts would take the name of a catalog fact, a
 * parameter or a derived fact, so a rule reading `behaviourScore` can only mean the card.
 */
import { expressionIdentifiers } from './expression.js';
import type { FactType } from './fact-catalog.js';

export interface ScorecardFacts {
  /** The card's score: more points, less risk. */
  score: string;
  /** The probability of default the score stands for on the card's scale. */
  badProbability: string;
  /**
   * How many characteristics were scored from a missing value: a rule can leave alone a line or applicant
   * too little is known about to score (a new line, a thin file) instead of trusting its missing bins.
   */
  missingCount: string;
}

export type ScorecardOutput = keyof ScorecardFacts;

export const SCORECARD_OUTPUT_TYPES: Readonly<Record<ScorecardOutput, FactType>> = Object.freeze({
  score: 'number',
  badProbability: 'number',
  missingCount: 'integer',
});

/** The longest card name whose facts stay within the 64 characters every document name is held to. */
export const MAX_SCORECARD_NAME_LENGTH = 64 - 'BadProbability'.length;

/**
 * At most this many of a card's reason codes follow a rule's reason: Regulation B's commentary on adverse
 * action notices (12 CFR 1002.9(b)(2)) finds more than four principal reasons unlikely to help the applicant.
 */
export const MAX_SCORE_REASONS = 4;

export function scorecardFacts(name: string): ScorecardFacts {
  return {
    score: `${name}Score`,
    badProbability: `${name}BadProbability`,
    missingCount: `${name}MissingCount`,
  };
}

/**
 * The names a card reads: each characteristic's fact and its expression's identifiers. Tolerates a card of
 * the wrong shape (the validator reports that), so the validator and the compiler order cards alike.
 */
export function scorecardReads(spec: unknown): string[] {
  const characteristics = (spec as { characteristics?: unknown } | null)?.characteristics;
  if (!Array.isArray(characteristics)) return [];
  const reads = new Set<string>();
  for (const characteristic of characteristics) {
    if (typeof characteristic !== 'object' || characteristic === null) continue;
    const { fact, expression } = characteristic as { fact?: unknown; expression?: unknown };
    if (typeof fact === 'string') reads.add(fact);
    else if (typeof expression === 'string')
      for (const name of expressionIdentifiers(expression)) reads.add(name);
  }
  return [...reads];
}
