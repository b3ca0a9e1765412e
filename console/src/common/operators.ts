import { useCallback } from 'react';
import { useTranslate } from 'react-admin';

/** Comparisons read the same in every language; only the list operators are words to translate. */
export const OPERATOR_SYMBOLS: Record<string, string> = {
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
  equal: '=',
  notEqual: '≠',
};

/** A comparison as a reader writes it: ≥, <, "is one of". */
export function useOperatorLabel(): (operator: string) => string {
  const translate = useTranslate();
  return useCallback(
    (operator: string) =>
      OPERATOR_SYMBOLS[operator] ?? translate(`spillway.operator.${operator}`, { _: operator }),
    [translate],
  );
}
