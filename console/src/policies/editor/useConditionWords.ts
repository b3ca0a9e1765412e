import { useMemo } from 'react';
import { useTranslate } from 'react-admin';
import { useFactLabel, useFactUnits } from '../../common/factCatalog';
import { useFormat } from '../../common/format';
import { useOperatorLabel } from '../../common/operators';
import type { ConditionWords } from './decisionTable';

/** How conditions read in the console's language: fact names, comparisons, values in their units. */
export function useConditionWords(): ConditionWords {
  const translate = useTranslate();
  const format = useFormat();
  const factLabel = useFactLabel();
  const unitOf = useFactUnits();
  const operatorLabel = useOperatorLabel();
  return useMemo(
    () => ({
      fact: factLabel,
      operator: operatorLabel,
      value: (fact, value) => format.fact(value, unitOf(fact)),
      all: translate('spillway.grid.and'),
      any: translate('spillway.grid.or'),
      not: translate('spillway.builder.not'),
    }),
    [factLabel, operatorLabel, format, unitOf, translate],
  );
}
